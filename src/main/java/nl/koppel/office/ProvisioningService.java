package nl.koppel.office;

import java.util.Map;
import java.util.UUID;
import nl.koppel.api.ApiException;
import nl.koppel.audit.AuditTrail;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The platform creates offices and their users here. */
@Service
public class ProvisioningService {

    private final OfficeRepository offices;
    private final OfficeUserRepository users;
    private final PasswordEncoder passwords;
    private final AuditTrail audit;

    public ProvisioningService(OfficeRepository offices, OfficeUserRepository users, PasswordEncoder passwords,
                               AuditTrail audit) {
        this.offices = offices;
        this.users = users;
        this.passwords = passwords;
        this.audit = audit;
    }

    @Transactional
    public Office createOffice(String name, String actor) {
        Office office = offices.insert(name.strip());
        audit.record(office.id(), actor, "office.created", "office", office.id(), Map.of("name", office.name()));
        return office;
    }

    @Transactional
    public OfficeUser createUser(UUID officeId, ProvisioningRequests.NewUser request, String actor) {
        offices.find(officeId).orElseThrow(() -> ApiException.notFound("office_not_found", "No office " + officeId));
        if (request.role() == Role.PLATFORM) {
            throw ApiException.unprocessable("role_not_allowed_in_office",
                    "PLATFORM is the platform's own account and cannot belong to an office", "role");
        }
        if (users.usernameTaken(request.username())) {
            throw ApiException.conflict("username_taken", "User name '" + request.username() + "' is taken");
        }
        OfficeUser user = new OfficeUser(UUID.randomUUID(), officeId, request.username(), request.name(),
                request.email(), request.role(), request.language() == null ? Language.NL : request.language());
        users.insert(user, passwords.encode(request.password()));
        audit.record(officeId, actor, "user.created", "user", user.id(),
                Map.of("username", user.username(), "role", user.role().name()));
        return user;
    }
}
