package nl.koppel.systems;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Collectors;

/** {@code application/x-www-form-urlencoded}, for OAuth query strings and token requests of every connector. */
public final class FormEncoding {

    private FormEncoding() {
    }

    /** The fields in their map order; a null value is sent empty. */
    public static String encode(Map<String, String> fields) {
        return fields.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue() == null ? "" : e.getValue(),
                        StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }
}
