package nl.koppel.security;

import java.util.UUID;
import nl.koppel.api.ApiException;
import nl.koppel.office.Role;

/**
 * The access rules every endpoint applies: a user sees only their own office (another office answers 404,
 * so its existence is not revealed), and some acts need a role.
 */
public final class OfficeAccess {

    private OfficeAccess() {
    }

    public static void requirePlatform(SignedInUser caller) {
        if (caller.user().role() != Role.PLATFORM) {
            throw ApiException.forbidden("platform_account_required", "Only the platform account may provision");
        }
    }

    public static void requireMember(SignedInUser caller, UUID officeId) {
        if (!officeId.equals(caller.user().officeId())) {
            throw ApiException.notFound("office_not_found", "No office " + officeId);
        }
    }

    public static void requireManager(SignedInUser caller) {
        if (!caller.user().role().mayManageAccountingSystems()) {
            throw ApiException.forbidden("role_not_allowed",
                    "Only a SUPERGEBRUIKER or ACCOUNTANT may do this; you are " + caller.user().role());
        }
    }
}
