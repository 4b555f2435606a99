package nl.koppel.linking;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;

/**
 * @param stateTtl        how long a started "koppeling maken" may take before its state expires
 * @param maxRefusedKeys  systems linked by connection key: how many keys the accounting system may refuse in one
 *                        "koppeling maken" before it is used up (guessing keys is then slow: a new start each time)
 * @param keyPageTtl      systems linked by connection key: how long the key page of one "koppeling maken" stays
 *                        usable (the sync user may create keys in the accounting system meanwhile, one by one)
 */
@ConfigurationProperties("koppel.link")
public record LinkProperties(Duration stateTtl, Integer maxRefusedKeys, Duration keyPageTtl) {
    @ConstructorBinding
    public LinkProperties {
        if (stateTtl == null) {
            stateTtl = Duration.ofMinutes(10);
        }
        if (maxRefusedKeys == null || maxRefusedKeys < 1) {
            maxRefusedKeys = 5;
        }
        if (keyPageTtl == null) {
            keyPageTtl = Duration.ofMinutes(30);
        }
    }

    public LinkProperties(Duration stateTtl) {
        this(stateTtl, null, null);
    }
}
