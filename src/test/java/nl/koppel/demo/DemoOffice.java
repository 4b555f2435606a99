package nl.koppel.demo;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import nl.koppel.office.Office;
import nl.koppel.office.OfficeRepository;
import nl.koppel.office.OfficeUser;
import nl.koppel.office.OfficeUserRepository;
import nl.koppel.support.TestApi;

/**
 * "Demo Kantoor" with anne (SUPERGEBRUIKER, the sync user) and bob (GEBRUIKER), and its connections to Exact Online,
 * Moneybird, Twinfield and SnelStart.
 * Changes go through the REST API, as the platform and anne would make them; what already exists (the database
 * is kept across restarts) is looked up and kept, so a restart creates nothing twice.
 */
final class DemoOffice {

    static final String NAME = "Demo Kantoor";
    static final String PLATFORM = "platform";
    static final String ANNE = "anne";
    static final String BOB = "bob";
    static final String PASSWORD = "demo";
    static final String EXACT_ONLINE = "exact-online";
    static final String MONEYBIRD = "moneybird";
    static final String TWINFIELD = "twinfield";
    static final String SNELSTART = "snelstart";
    /** The office's connections, in the order they are added and linked. */
    static final List<String> SYSTEMS = List.of(EXACT_ONLINE, MONEYBIRD, TWINFIELD, SNELSTART);

    /** What the demo needs later, and what this start created (empty: everything was kept). */
    record Provisioned(UUID officeId, Map<String, UUID> connections, List<String> created) {
        String connectionPath(String type) {
            return "/api/v1/offices/" + officeId + "/accounting-systems/" + connections.get(type);
        }
    }

    private final OfficeRepository offices;
    private final OfficeUserRepository users;

    DemoOffice(OfficeRepository offices, OfficeUserRepository users) {
        this.offices = offices;
        this.users = users;
    }

    Provisioned provision(TestApi api) {
        List<String> created = new ArrayList<>();
        UUID officeId = offices.findByName(NAME).map(Office::id).orElseGet(() -> {
            created.add("office");
            return id(DemoHttp.expect(api.post("/api/v1/offices", PLATFORM, PASSWORD, Map.of("name", NAME)),
                    201, "POST /api/v1/offices"));
        });
        UUID anne = user(api, officeId, ANNE, "Anne de Vries", "SUPERGEBRUIKER", created);
        user(api, officeId, BOB, "Bob Jansen", "GEBRUIKER", created);
        Map<String, UUID> connections = new LinkedHashMap<>();
        for (String type : SYSTEMS) {
            connections.put(type, connection(api, officeId, anne, type, created));
        }
        return new Provisioned(officeId, connections, created);
    }

    private UUID user(TestApi api, UUID officeId, String username, String name, String role, List<String> created) {
        return users.findByUsername(username).map(OfficeUser::id).orElseGet(() -> {
            created.add(username);
            String path = "/api/v1/offices/" + officeId + "/users";
            return id(DemoHttp.expect(api.post(path, PLATFORM, PASSWORD, Map.of("username", username, "name", name,
                    "email", username + "@demokantoor.example", "role", role, "language", "nl",
                    "password", PASSWORD)), 201, "POST " + path));
        });
    }

    /** The office's connection of the type with anne as its sync user: added, or put back to anne if changed. */
    private static UUID connection(TestApi api, UUID officeId, UUID anne, String type, List<String> created) {
        String path = "/api/v1/offices/" + officeId + "/accounting-systems";
        for (JsonNode connection : DemoHttp.expect(api.get(path, ANNE, PASSWORD), 200, "GET " + path)) {
            if (type.equals(connection.path("type").asText())) {
                UUID id = id(connection);
                if (!anne.toString().equals(connection.path("syncUser").path("id").asText())) {
                    created.add("anne as sync user again");
                    DemoHttp.expect(api.put(path + "/" + id + "/sync-user", ANNE, PASSWORD, Map.of("userId", anne)),
                            200, "PUT " + path + "/" + id + "/sync-user");
                }
                return id;
            }
        }
        created.add(type + " connection");
        return id(DemoHttp.expect(api.post(path, ANNE, PASSWORD, Map.of("type", type, "syncUserId", anne)),
                201, "POST " + path));
    }

    private static UUID id(JsonNode json) {
        return UUID.fromString(json.path("id").asText());
    }
}
