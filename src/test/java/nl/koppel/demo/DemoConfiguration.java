package nl.koppel.demo;

import nl.koppel.office.OfficeRepository;
import nl.koppel.office.OfficeUserRepository;
import nl.koppel.simulator.exactonline.ExactOnlineSimulator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;

/**
 * The demo's beans, added to Koppel by {@link KoppelDemo}. Deliberately NOT annotated with {@code @Configuration}
 * (nor are the other demo classes components): KoppelApplication's component scan covers {@code nl.koppel.*},
 * which includes this test code when {@code mvn verify} runs the integration tests, and the demo must not start
 * there. Registered as a source, the {@code @Bean} methods below work all the same.
 */
public class DemoConfiguration {

    private static final Logger log = LoggerFactory.getLogger(DemoConfiguration.class);

    @Bean(destroyMethod = "close")
    ExactOnlineSimulator demoExactOnlineSimulator() {
        ExactOnlineSimulator simulator = KoppelDemo.exactOnline();
        log.info("Exact Online simulator running at {} (a free port, chosen anew at each start; in memory only)",
                simulator.baseUrl());
        return simulator;
    }

    @Bean
    DemoStartup demoStartup(ExactOnlineSimulator demoExactOnlineSimulator, OfficeRepository offices,
                            OfficeUserRepository users) {
        return new DemoStartup(demoExactOnlineSimulator, new DemoOffice(offices, users), new DemoLink());
    }
}
