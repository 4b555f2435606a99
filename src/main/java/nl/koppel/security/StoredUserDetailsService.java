package nl.koppel.security;

import nl.koppel.office.OfficeUserRepository;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Service;

/** Looks callers up in the users table (bcrypt hashes). */
@Service
public class StoredUserDetailsService implements UserDetailsService {

    private final OfficeUserRepository users;

    public StoredUserDetailsService(OfficeUserRepository users) {
        this.users = users;
    }

    @Override
    public UserDetails loadUserByUsername(String username) {
        return users.findByUsername(username)
                .map(user -> new SignedInUser(user, users.passwordHash(username).orElseThrow()))
                .orElseThrow(() -> new UsernameNotFoundException("unknown user"));
    }
}
