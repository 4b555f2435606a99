package nl.koppel.linking;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** @param stateTtl how long a started "koppeling maken" may take before its state expires */
@ConfigurationProperties("koppel.link")
public record LinkProperties(Duration stateTtl) {
    public LinkProperties {
        if (stateTtl == null) {
            stateTtl = Duration.ofMinutes(10);
        }
    }
}
