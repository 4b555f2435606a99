package nl.koppel.security;

import java.util.Collection;
import java.util.List;
import nl.koppel.office.OfficeUser;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;

/** The authenticated caller of a request: the stored user plus its password hash for Spring Security. */
public record SignedInUser(OfficeUser user, String passwordHash) implements UserDetails {

    @Override
    public Collection<? extends GrantedAuthority> getAuthorities() {
        return List.of(new SimpleGrantedAuthority("ROLE_" + user.role().name()));
    }

    @Override
    public String getPassword() {
        return passwordHash;
    }

    @Override
    public String getUsername() {
        return user.username();
    }

    @Override
    public String toString() {
        // never print the hash
        return "SignedInUser[" + user.username() + "]";
    }
}
