package nl.koppel.ops;

import java.util.List;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/** HTTP Basic for the actuator endpoints against the operators (not the office users). */
final class OperatorAuthenticationProvider implements AuthenticationProvider {

    private final OperatorAccounts accounts;

    OperatorAuthenticationProvider(OperatorAccounts accounts) {
        this.accounts = accounts;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        String name = authentication.getName();
        Object password = authentication.getCredentials();
        OperatorRole role = accounts.authenticate(name, password == null ? null : password.toString())
                .orElseThrow(() -> new BadCredentialsException("Wrong user name or password"));
        return UsernamePasswordAuthenticationToken.authenticated(name, null,
                List.of(new SimpleGrantedAuthority(role.authority())));
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
