package nl.koppel.simulator.twinfield;

import java.time.Instant;

/**
 * One dimension or VAT code of the Twinfield simulator: code, name, when it was last modified, and for relations
 * (DEB, CRD) the details only a ProcessXml {@code read} of dimensions shows (null elsewhere): VAT number (address
 * {@code field4}), KvK number ({@code field5}), city and e-mail of the default address.
 */
public record TwinfieldRow(String code, String name, Instant modified, String vatNumber, String kvkNumber, String city,
                           String email) {

    public TwinfieldRow(String code, String name, Instant modified) {
        this(code, name, modified, null, null, null, null);
    }
}
