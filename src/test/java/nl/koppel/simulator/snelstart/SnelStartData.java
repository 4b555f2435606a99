package nl.koppel.simulator.snelstart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import nl.koppel.simulator.common.DutchNames;

/**
 * Administrations and their records as SnelStart keeps them: ids are GUIDs, OData resources carry {@code modifiedOn}
 * (a local Dutch time with milliseconds, strictly increasing here so tests can rely on order), records keep their
 * order of creation (the order SnelStart answers in: assumption A-S5), a hard delete simply removes a record.
 * VAT rates ({@code btwtarieven}) are a history without ids. Thread-safe (one lock).
 */
final class SnelStartData {

    record Administration(String id, String name, String companyName, String kvkNumber, String vatNumber) {
    }

    static final DateTimeFormatter MODIFIED_ON = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS");
    private static final ZoneId DUTCH = ZoneId.of("Europe/Amsterdam");

    private final Clock clock;
    private final ObjectMapper json;
    private final Map<String, Administration> administrations = new LinkedHashMap<>();
    private final Map<String, Map<SnelStartResource, LinkedHashMap<String, ObjectNode>>> records =
            new LinkedHashMap<>();
    private LocalDateTime lastModified = LocalDateTime.MIN;

    SnelStartData(Clock clock, ObjectMapper json) {
        this.clock = clock;
        this.json = json;
    }

    synchronized Administration addAdministration(String name, String kvkNumber, String vatNumber) {
        Administration administration = new Administration(UUID.randomUUID().toString(), name, name, kvkNumber,
                vatNumber);
        administrations.put(administration.id(), administration);
        Map<SnelStartResource, LinkedHashMap<String, ObjectNode>> kinds = new EnumMap<>(SnelStartResource.class);
        for (SnelStartResource resource : SnelStartResource.values()) {
            kinds.put(resource, new LinkedHashMap<>());
        }
        records.put(administration.id(), kinds);
        return administration;
    }

    synchronized Optional<Administration> administration(String id) {
        return Optional.ofNullable(administrations.get(id));
    }

    /** Creates a record with a new GUID (and {@code modifiedOn} for OData resources); returns its id. */
    synchronized String create(String administration, SnelStartResource resource, Map<String, ?> fields) {
        ObjectNode record = json.createObjectNode();
        String id;
        if (resource == SnelStartResource.BTWTARIEVEN) {
            apply(record, fields);
            id = record.path("btwSoort").asText() + ":" + record.path("datumVanaf").asText().substring(0, 10);
        } else {
            id = UUID.randomUUID().toString();
            record.put("id", id);
            if (resource.odata()) {
                record.put("modifiedOn", nextModifiedOn());
            }
            apply(record, fields);
        }
        if (kind(administration, resource).putIfAbsent(id, record) != null) {
            throw new IllegalStateException(resource.path() + " exists: " + id);
        }
        return id;
    }

    /** Changes fields of a record; OData resources get a new, later {@code modifiedOn}. */
    synchronized void update(String administration, SnelStartResource resource, String id, Map<String, ?> fields) {
        ObjectNode record = kind(administration, resource).get(id);
        if (record == null) {
            throw new NoSuchElementException("no " + resource.path() + " " + id);
        }
        apply(record, fields);
        if (resource.odata()) {
            record.put("modifiedOn", nextModifiedOn());
        }
    }

    synchronized void delete(String administration, SnelStartResource resource, String id) {
        if (kind(administration, resource).remove(id) == null) {
            throw new NoSuchElementException("no " + resource.path() + " " + id);
        }
    }

    /** Copies of the records in SnelStart's order. */
    synchronized List<ObjectNode> records(String administration, SnelStartResource resource) {
        List<ObjectNode> copies = new ArrayList<>();
        kind(administration, resource).values().forEach(r -> copies.add(r.deepCopy()));
        return copies;
    }

    /**
     * Seeded master data: {@code relations} relaties (customers, suppliers, some both, every tenth inactive),
     * {@code glAccounts} grootboeken, five dagboeken, three kostenplaatsen and the Dutch VAT history.
     */
    synchronized void generate(String administration, long seed, int relations, int glAccounts) {
        Random random = new Random(seed);
        for (int i = 0; i < relations; i++) {
            String name = DutchNames.company(random);
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("relatiecode", 1000 + i);
            fields.put("naam", name);
            fields.put("relatiesoort", i % 7 == 0 ? List.of("Klant", "Leverancier")
                    : i % 3 == 0 ? List.of("Leverancier") : List.of("Klant"));
            fields.put("nonactief", i % 10 == 9);
            fields.put("krediettermijn", List.of(14, 30, 60).get(random.nextInt(3)));
            fields.put("btwNummer", random.nextInt(4) == 0 ? null : DutchNames.vatNumber(random));
            fields.put("kvkNummer", DutchNames.kvk(random));
            fields.put("email", DutchNames.emailOf(name));
            fields.put("iban", String.format("NL%02dRABO%010d", 10 + random.nextInt(89), random.nextInt(1_000_000_000)));
            create(administration, SnelStartResource.RELATIES, fields);
        }
        for (int i = 0; i < glAccounts; i++) {
            boolean balance = i < glAccounts / 2;
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("nummer", (balance ? 1000 : 8000) + i * 10);
            fields.put("omschrijving", (balance ? "Balansrekening " : "Resultaatrekening ") + (i + 1));
            fields.put("rekeningCode", balance ? "Balans" : "WinstEnVerlies");
            fields.put("grootboekfunctie", balance ? "Kas" : "Omzet");
            fields.put("nonactief", i % 11 == 10);
            fields.put("kostenplaatsVerplicht", false);
            fields.put("btwSoort", balance ? "Geen" : "Hoog");
            fields.put("vatRateCode", balance ? null : "HOOG");
            create(administration, SnelStartResource.GROOTBOEKEN, fields);
        }
        String[][] journals = {{"1", "Kas", "Kas"}, {"2", "Bank", "Bank"}, {"3", "Verkoopboek", "Verkoop"},
                {"4", "Inkoopboek", "Inkoop"}, {"5", "Memoriaal", "Memoriaal"}};
        for (String[] journal : journals) {
            create(administration, SnelStartResource.DAGBOEKEN, Map.of("nummer", Integer.parseInt(journal[0]),
                    "omschrijving", journal[1], "soort", journal[2], "nonactief", false));
        }
        for (int i = 1; i <= 3; i++) {
            create(administration, SnelStartResource.KOSTENPLAATSEN, Map.of("nummer", i * 100,
                    "omschrijving", "Afdeling " + DutchNames.city(random), "nonactief", false));
        }
        vatRate(administration, "Geen", "0", "2001-01-01", null);
        vatRate(administration, "Laag", "6", "2001-01-01", "2018-12-31");
        vatRate(administration, "Laag", "9", "2019-01-01", null);
        vatRate(administration, "Hoog", "19", "2001-01-01", "2012-09-30");
        vatRate(administration, "Hoog", "21", "2012-10-01", null);
    }

    private void vatRate(String administration, String sort, String percentage, String from, String until) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("btwSoort", sort);
        fields.put("btwPercentage", new java.math.BigDecimal(percentage));
        fields.put("datumVanaf", from + "T00:00:00");
        fields.put("datumTotEnMet", until == null ? null : until + "T00:00:00");
        create(administration, SnelStartResource.BTWTARIEVEN, fields);
    }

    private LinkedHashMap<String, ObjectNode> kind(String administration, SnelStartResource resource) {
        Map<SnelStartResource, LinkedHashMap<String, ObjectNode>> kinds = records.get(administration);
        if (kinds == null) {
            throw new NoSuchElementException("no administration " + administration);
        }
        return kinds.get(resource);
    }

    private String nextModifiedOn() {
        LocalDateTime now = LocalDateTime.now(clock.withZone(DUTCH)).truncatedTo(ChronoUnit.MILLIS);
        lastModified = now.isAfter(lastModified) ? now : lastModified.plus(1, ChronoUnit.MILLIS);
        return lastModified.format(MODIFIED_ON);
    }

    private void apply(ObjectNode record, Map<String, ?> fields) {
        fields.forEach((name, value) -> {
            if ("id".equals(name) || "modifiedOn".equals(name)) {
                throw new IllegalArgumentException(name + " is kept by the simulator");
            }
            JsonNode node = json.valueToTree(value);
            record.set(name, node);
        });
    }

    ArrayNode array(List<ObjectNode> rows) {
        ArrayNode array = json.createArrayNode();
        rows.forEach(array::add);
        return array;
    }
}
