package nl.koppel.office;

import jakarta.validation.Valid;
import java.util.UUID;
import nl.koppel.security.OfficeAccess;
import nl.koppel.security.SignedInUser;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Platform provisioning of offices and users, and "who am I" for every user. */
@RestController
public class OfficeController {

    private final ProvisioningService provisioning;

    public OfficeController(ProvisioningService provisioning) {
        this.provisioning = provisioning;
    }

    public record UserView(UUID id, String username, String name, String email, Role role, Language language,
                           UUID officeId) {
        static UserView of(OfficeUser user) {
            return new UserView(user.id(), user.username(), user.name(), user.email(), user.role(), user.language(),
                    user.officeId());
        }
    }

    @PostMapping("/api/v1/offices")
    @ResponseStatus(HttpStatus.CREATED)
    public Office createOffice(@Valid @RequestBody ProvisioningRequests.NewOffice request,
                               @AuthenticationPrincipal SignedInUser caller) {
        OfficeAccess.requirePlatform(caller);
        return provisioning.createOffice(request.name(), caller.getUsername());
    }

    @PostMapping("/api/v1/offices/{officeId}/users")
    @ResponseStatus(HttpStatus.CREATED)
    public UserView createUser(@PathVariable UUID officeId, @Valid @RequestBody ProvisioningRequests.NewUser request,
                               @AuthenticationPrincipal SignedInUser caller) {
        OfficeAccess.requirePlatform(caller);
        return UserView.of(provisioning.createUser(officeId, request, caller.getUsername()));
    }

    @GetMapping("/api/v1/me")
    public UserView me(@AuthenticationPrincipal SignedInUser caller) {
        return UserView.of(caller.user());
    }
}
