package nl.koppel.dossiers;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import nl.koppel.api.ApiException;

/**
 * The {@code after} cursor of master-data pages: the last external id of a page, opaque to clients (base64url),
 * so that Koppel may change what it holds without breaking a client's stored link.
 */
record MasterDataCursor(String afterExternalId) {

    static MasterDataCursor after(String externalId) {
        return new MasterDataCursor(externalId);
    }

    /** The cursor a client sent back, or a 400 naming the parameter. */
    static MasterDataCursor parse(String cursor) {
        try {
            String externalId = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (externalId.isEmpty()) {
                throw new IllegalArgumentException("empty");
            }
            return new MasterDataCursor(externalId);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("paging_invalid",
                    "after must be the cursor of a page's _links.next, as Koppel gave it");
        }
    }

    String encoded() {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(afterExternalId.getBytes(StandardCharsets.UTF_8));
    }
}
