package nl.koppel.systems;

import java.util.List;
import java.util.Optional;
import nl.koppel.masterdata.MasterDataKind;
import org.apache.camel.CamelContext;
import org.springframework.stereotype.Component;

/**
 * Which accounting-system types can be added: configured under {@code koppel.systems.<type>} and backed by a
 * loaded connector (its {@code <type>-whoami} contract route). Adding a system needs no Java change here.
 */
@Component
public class AccountingSystemCatalog {

    private final AccountingSystemsProperties properties;
    private final CamelContext camel;

    public AccountingSystemCatalog(AccountingSystemsProperties properties, CamelContext camel) {
        this.properties = properties;
        this.camel = camel;
    }

    public record SystemType(String type, String displayName) {
    }

    public Optional<SystemType> find(String type) {
        AccountingSystemsProperties.SystemSettings settings = properties.systems().get(type);
        if (settings == null || camel.getRoute(type + "-whoami") == null) {
            return Optional.empty();
        }
        return Optional.of(new SystemType(type, settings.displayName()));
    }

    public List<String> types() {
        return properties.systems().keySet().stream().filter(t -> find(t).isPresent()).sorted().toList();
    }

    /** The master-data kinds the type's connector supports; the others are reported as not supported. */
    public List<MasterDataKind> supportedKinds(String type) {
        List<String> configured = settings(type).masterDataKinds();
        if (configured.isEmpty()) {
            return List.of(MasterDataKind.values());
        }
        return configured.stream().map(path -> MasterDataKind.fromPath(path).orElseThrow(() ->
                new IllegalStateException("koppel.systems." + type + ".master-data-kinds: unknown kind " + path)))
                .toList();
    }

    /** How the sync user makes the link with the type (OAUTH2 for a type no longer configured). */
    public AccountingSystemsProperties.LinkMethod linkMethod(String type) {
        AccountingSystemsProperties.SystemSettings settings = properties.systems().get(type);
        return settings == null ? AccountingSystemsProperties.LinkMethod.OAUTH2 : settings.link();
    }

    public AccountingSystemsProperties.SystemSettings settings(String type) {
        AccountingSystemsProperties.SystemSettings settings = properties.systems().get(type);
        if (settings == null) {
            throw new IllegalStateException("accounting system '" + type + "' is not configured under koppel.systems");
        }
        return settings;
    }
}
