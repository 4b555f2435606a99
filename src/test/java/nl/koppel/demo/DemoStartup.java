package nl.koppel.demo;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import nl.koppel.simulator.exactonline.ExactOnlineSimulator;
import nl.koppel.simulator.exactonline.GenerationPlan;
import nl.koppel.simulator.exactonline.SimulatedDivision;
import nl.koppel.simulator.moneybird.MoneybirdSimulator;
import nl.koppel.simulator.snelstart.SnelStartSimulator;
import nl.koppel.simulator.twinfield.TwinfieldSimulator;
import nl.koppel.support.TestApi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ApplicationListener;

/**
 * Once Koppel is up: the accounting users at the simulators (CX_Basecone at Exact Online, anne's own login at
 * Moneybird, KOPPEL@DEMOKANTOOR at Twinfield, two SnelStart administrations with a connection key each), "Demo
 * Kantoor" in Koppel, then anne makes the four links (for SnelStart: enters the two keys on Koppel's key page). The
 * simulators live in memory, so after a restart they no longer know the tokens kept in the database: the demo
 * simply links again at every start.
 */
final class DemoStartup implements ApplicationListener<ApplicationReadyEvent> {

    static final String EXACT_USER = "CX_Basecone";
    static final String MONEYBIRD_USER = "anne@demokantoor.example";
    static final String TWINFIELD_ORGANISATION = "DEMOKANTOOR";
    private static final long DEMO_SEED = 20261201L;
    private static final int DEMO_DIVISIONS = 5;
    private static final int DEMO_RELATIONS = 1500;
    private static final int DEMO_ADMINISTRATIONS = 2;
    private static final int DEMO_CONTACTS = 400;
    private static final int DEMO_OFFICES = 2;
    private static final int DEMO_DIMENSIONS = 300;
    private static final int DEMO_SNELSTART_ADMINISTRATIONS = 2;
    private static final int DEMO_SNELSTART_RELATIONS = 250;

    private static final Logger log = LoggerFactory.getLogger(DemoStartup.class);

    private final ExactOnlineSimulator exactOnline;
    private final MoneybirdSimulator moneybird;
    private final TwinfieldSimulator twinfield;
    private final SnelStartSimulator snelstart;
    /** The keys of the demo's SnelStart administrations (in memory, like the simulator; never logged). */
    private final List<String> snelstartKeys = new ArrayList<>();
    private final DemoOffice office;
    private final DemoLink link;
    private String twinfieldLogin;

    DemoStartup(ExactOnlineSimulator exactOnline, MoneybirdSimulator moneybird, TwinfieldSimulator twinfield,
                SnelStartSimulator snelstart, DemoOffice office, DemoLink link) {
        this.snelstart = snelstart;
        this.exactOnline = exactOnline;
        this.moneybird = moneybird;
        this.twinfield = twinfield;
        this.office = office;
        this.link = link;
    }

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        prepareSimulators();

        String koppel = "http://localhost:"
                + ((WebServerApplicationContext) event.getApplicationContext()).getWebServer().getPort();
        TestApi api = new TestApi(koppel);
        DemoOffice.Provisioned demo = office.provision(api);
        if (demo.created().isEmpty()) {
            log.info("Demo: office \"{}\" (id {}), anne, bob and the connections kept from the previous run (nothing"
                    + " created); the new simulators do not know the stored tokens: anne links again", DemoOffice.NAME,
                    demo.officeId());
        } else {
            log.info("Demo: created {} in office \"{}\" (id {})", String.join(", ", demo.created()), DemoOffice.NAME,
                    demo.officeId());
        }
        for (String type : DemoOffice.SYSTEMS) {
            JsonNode before = api.get(demo.connectionPath(type), DemoOffice.ANNE, DemoOffice.PASSWORD).json();
            JsonNode linked = type.equals(DemoOffice.SNELSTART) ? link.linkByKeys(api, demo, type, snelstartKeys)
                    : link.link(api, demo, type);
            log.info("Demo: anne linked {} as {} -> {} (it was {} before)", linked.path("displayName").asText(type),
                    linked.path("accountingSystemUser").path("username").asText(), linked.path("statusLabel").asText(),
                    before.path("statusLabel").asText());
        }
        log.info("Demo ready: office \"{}\" (id {}) is linked to Exact Online, Moneybird, Twinfield and SnelStart"
                        + " (two administrations, one connection key each). Dossiers are"
                        + " discovered and synced now. Open {} and sign in as anne / demo, or try: curl -u anne:demo"
                        + " {}/api/v1/offices/{}/dossiers",
                DemoOffice.NAME, demo.officeId(), koppel, koppel, demo.officeId());
    }

    /** The same seeds every start, so a restarted simulator serves the same dossiers and records. */
    private void prepareSimulators() {
        if (exactOnline.users().stream().noneMatch(u -> u.userName().equals(EXACT_USER))) {
            exactOnline.addUser(EXACT_USER, "Basecone Synchronisatie", "cx_basecone@demokantoor.example", 100001);
            List<SimulatedDivision> divisions = exactOnline.generate(GenerationPlan.of(DEMO_SEED, EXACT_USER,
                    DEMO_DIVISIONS, DEMO_RELATIONS).withArchivedDivisions(1));
            log.info("Demo: the Exact Online simulator serves {} divisions to {} ({} relations each, one archived,"
                    + " which is not added automatically)", divisions.size(), EXACT_USER, DEMO_RELATIONS);
        }
        exactOnline.approveAs(EXACT_USER);

        if (twinfieldLogin == null) {
            moneybird.addUser("Anne de Vries", MONEYBIRD_USER);
            List<String> administrations = moneybird.generate(DEMO_SEED, MONEYBIRD_USER, DEMO_ADMINISTRATIONS,
                    DEMO_CONTACTS);
            log.info("Demo: the Moneybird simulator serves {} administrations to {} ({} contacts each)",
                    administrations.size(), MONEYBIRD_USER, DEMO_CONTACTS);
            twinfield.addOrganisation(TWINFIELD_ORGANISATION, TwinfieldSimulator.CLUSTER_1);
            twinfieldLogin = twinfield.addUser(TWINFIELD_ORGANISATION, "KOPPEL");
            List<String> offices = twinfield.generate(DEMO_SEED, twinfieldLogin, DEMO_OFFICES, DEMO_DIMENSIONS);
            log.info("Demo: the Twinfield simulator serves {} offices to {} ({} relations each)", offices.size(),
                    twinfieldLogin, DEMO_DIMENSIONS);
        }
        if (snelstartKeys.isEmpty()) {
            for (int i = 1; i <= DEMO_SNELSTART_ADMINISTRATIONS; i++) {
                SnelStartSimulator.Administration administration = snelstart.addAdministration(
                        "Demo Administratie " + i, "6" + (4000000 + i), "NL00000000" + i + "B01");
                snelstart.generate(administration.id(), DEMO_SEED + i, DEMO_SNELSTART_RELATIONS, 30);
                snelstartKeys.add(snelstart.createKey(administration.id()));
            }
            log.info("Demo: the SnelStart simulator serves {} administrations ({} relations each), one connection key"
                    + " each; anne enters the keys on Koppel's key page", DEMO_SNELSTART_ADMINISTRATIONS,
                    DEMO_SNELSTART_RELATIONS);
        }
        moneybird.approveAs(MONEYBIRD_USER);
        twinfield.approveAs(twinfieldLogin);
        // the sign-in pages a browser sees at the simulators ("Koppeling maken" on the screens): DEMO ONLY passwords
        exactOnline.password(EXACT_USER, DEMO_SIMULATOR_PASSWORD);
        moneybird.password(MONEYBIRD_USER, DEMO_SIMULATOR_PASSWORD);
        twinfield.password(twinfieldLogin, DEMO_SIMULATOR_PASSWORD);
    }

    /** The accounting-system users' password at the demo's simulators (their sign-in pages). */
    static final String DEMO_SIMULATOR_PASSWORD = "demo";
}
