package nl.koppel.demo;

import nl.koppel.office.OfficeRepository;
import nl.koppel.office.OfficeUserRepository;
import nl.koppel.simulator.exactonline.ExactOnlineSimulator;
import nl.koppel.simulator.moneybird.MoneybirdSimulator;
import nl.koppel.simulator.snelstart.SnelStartSimulator;
import nl.koppel.simulator.twinfield.TwinfieldSimulator;
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

    @Bean(destroyMethod = "close")
    MoneybirdSimulator demoMoneybirdSimulator() {
        MoneybirdSimulator simulator = KoppelDemo.moneybird();
        log.info("Moneybird simulator running at {} (in memory only)", simulator.baseUrl());
        return simulator;
    }

    @Bean(destroyMethod = "close")
    TwinfieldSimulator demoTwinfieldSimulator() {
        TwinfieldSimulator simulator = KoppelDemo.twinfield();
        log.info("Twinfield simulator running at {} (login server; clusters under /clusters/; in memory only)",
                simulator.baseUrl());
        return simulator;
    }

    @Bean(destroyMethod = "close")
    SnelStartSimulator demoSnelStartSimulator() {
        SnelStartSimulator simulator = KoppelDemo.snelstart();
        log.info("SnelStart simulator running at {} (token endpoint /b2b/token, API under /v2/; in memory only)",
                simulator.baseUrl());
        return simulator;
    }

    @Bean
    DemoStartup demoStartup(ExactOnlineSimulator demoExactOnlineSimulator, MoneybirdSimulator demoMoneybirdSimulator,
                            TwinfieldSimulator demoTwinfieldSimulator, SnelStartSimulator demoSnelStartSimulator,
                            OfficeRepository offices, OfficeUserRepository users) {
        return new DemoStartup(demoExactOnlineSimulator, demoMoneybirdSimulator, demoTwinfieldSimulator,
                demoSnelStartSimulator, new DemoOffice(offices, users), new DemoLink());
    }
}
