package nl.koppel.office;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** Request bodies of the platform's provisioning calls. */
public final class ProvisioningRequests {

    private ProvisioningRequests() {
    }

    public record NewOffice(@NotBlank @Size(max = 200) String name) {
    }

    public record NewUser(@NotBlank @Size(max = 100) String username,
                          @NotBlank @Size(max = 200) String name,
                          @Email String email,
                          @NotNull Role role,
                          Language language,
                          @NotBlank @Size(min = 4, max = 200) String password) {
    }
}
