package nl.koppel.sync;

import com.zaxxer.hikari.HikariDataSource;
import org.apache.camel.component.http.HttpComponent;
import org.apache.camel.spi.ComponentCustomizer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The pools the sync workers draw on are sized from {@code koppel.sync.concurrency}: every worker holds an HTTP
 * connection to its accounting system and, while it commits a page, a database connection. Too small a pool would
 * make workers wait for each other however many there are. Configured sizes larger than these are kept.
 */
@Configuration(proxyBeanMethods = false)
class SyncCapacity {

    private static final Logger log = LoggerFactory.getLogger(SyncCapacity.class);

    /** Connections beside the workers': link checks, discovery, the API's own calls, token refreshes. */
    static final int HEADROOM = 16;

    /** Per host (one accounting system is one host): every worker may call it at once, with headroom. */
    static int httpConnectionsPerRoute(int concurrency) {
        return concurrency + HEADROOM;
    }

    /** Over all hosts: the three accounting systems, webhook receivers. */
    static int httpConnectionsTotal(int concurrency) {
        return 2 * (concurrency + HEADROOM);
    }

    /** Workers, plus the API's requests, the notification deliveries and the schedules. */
    static int databaseConnections(int concurrency) {
        return concurrency + HEADROOM;
    }

    @Bean
    static ComponentCustomizer httpPoolFromSyncConcurrency(SyncProperties properties) {
        return ComponentCustomizer.forType(HttpComponent.class, http -> {
            http.setConnectionsPerRoute(Math.max(http.getConnectionsPerRoute(),
                    httpConnectionsPerRoute(properties.concurrency())));
            http.setMaxTotalConnections(Math.max(http.getMaxTotalConnections(),
                    httpConnectionsTotal(properties.concurrency())));
        });
    }

    @Bean
    static BeanPostProcessor databasePoolFromSyncConcurrency(org.springframework.beans.factory.ObjectProvider<
            SyncProperties> properties) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String name) {
                if (bean instanceof HikariDataSource pool) {
                    int needed = databaseConnections(properties.getObject().concurrency());
                    if (pool.getMaximumPoolSize() < needed) {
                        log.info("Database pool {} raised from {} to {} connections for {} sync workers",
                                name, pool.getMaximumPoolSize(), needed, properties.getObject().concurrency());
                        pool.setMaximumPoolSize(needed);
                    }
                }
                return bean;
            }
        };
    }
}
