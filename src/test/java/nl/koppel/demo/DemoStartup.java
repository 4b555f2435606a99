package nl.koppel.demo;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import nl.koppel.simulator.exactonline.GenerationPlan;
import nl.koppel.simulator.exactonline.SimulatedDivision;
import nl.koppel.simulator.exactonline.ExactOnlineSimulator;
import nl.koppel.support.TestApi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ApplicationListener;

/**
 * Once Koppel is up: the accounting user CX_Basecone at the simulator, "Demo Kantoor" in Koppel, then anne makes
 * the link. The simulator lives in memory, so after a restart it no longer knows the tokens kept in the database:
 * the demo simply links again at every start.
 */
final class DemoStartup implements ApplicationListener<ApplicationReadyEvent> {

    static final String EXACT_USER = "CX_Basecone";
    private static final long DEMO_SEED = 20261201L;
    private static final int DEMO_DIVISIONS = 5;
    private static final int DEMO_RELATIONS = 1500;

    private static final Logger log = LoggerFactory.getLogger(DemoStartup.class);

    private final ExactOnlineSimulator exactOnline;
    private final DemoOffice office;
    private final DemoLink link;

    DemoStartup(ExactOnlineSimulator exactOnline, DemoOffice office, DemoLink link) {
        this.exactOnline = exactOnline;
        this.office = office;
        this.link = link;
    }

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        if (exactOnline.users().stream().noneMatch(u -> u.userName().equals(EXACT_USER))) {
            exactOnline.addUser(EXACT_USER, "Basecone Synchronisatie", "cx_basecone@demokantoor.example", 100001);
            // the same seed every start, so the restarted simulator serves the same divisions and records
            List<SimulatedDivision> divisions = exactOnline.generate(GenerationPlan.of(DEMO_SEED, EXACT_USER,
                    DEMO_DIVISIONS, DEMO_RELATIONS).withArchivedDivisions(1));
            log.info("Demo: the simulator serves {} divisions to {} ({} relations each, one archived, which is not"
                    + " added automatically)", divisions.size(), EXACT_USER, DEMO_RELATIONS);
        }
        exactOnline.approveAs(EXACT_USER);

        String koppel = "http://localhost:"
                + ((WebServerApplicationContext) event.getApplicationContext()).getWebServer().getPort();
        TestApi api = new TestApi(koppel);
        DemoOffice.Provisioned demo = office.provision(api);
        if (demo.created().isEmpty()) {
            JsonNode before = api.get(demo.connectionPath(), DemoOffice.ANNE, DemoOffice.PASSWORD).json();
            log.info("Demo: office \"{}\" (id {}), anne, bob and the Exact Online connection kept from the previous "
                            + "run (nothing created); Exact Online was {} ({}) when it stopped, and this new simulator "
                            + "does not know the stored tokens: anne links again", DemoOffice.NAME, demo.officeId(),
                    before.path("statusLabel").asText(), before.path("statusReason").asText());
        } else {
            log.info("Demo: created {} in office \"{}\" (id {})", String.join(", ", demo.created()), DemoOffice.NAME,
                    demo.officeId());
        }

        JsonNode linked = link.link(api, demo);
        log.info("Demo ready: office \"{}\" (id {}), anne linked Exact Online as {} -> {}. Dossiers are discovered"
                        + " and synced now. Try: curl -u anne:demo {}/api/v1/offices/{}/dossiers", DemoOffice.NAME,
                demo.officeId(), linked.path("accountingSystemUser").path("username").asText(),
                linked.path("statusLabel").asText(), koppel, demo.officeId());
    }
}
