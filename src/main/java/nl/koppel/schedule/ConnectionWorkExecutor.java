package nl.koppel.schedule;

import java.util.concurrent.ExecutorService;
import org.apache.camel.CamelContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The threads that run claimed link checks and discoveries: the bound on how many run at once on this
 * instance. Camel's executor manager owns them and stops them with the context.
 */
@Configuration
class ConnectionWorkExecutor {

    @Bean(name = "connectionWorkThreads", destroyMethod = "")
    ExecutorService connectionWorkThreads(CamelContext camel, ScheduleProperties properties) {
        return camel.getExecutorServiceManager().newFixedThreadPool(this, "connection-work", properties.parallelism());
    }
}
