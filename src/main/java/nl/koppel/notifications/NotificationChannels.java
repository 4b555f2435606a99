package nl.koppel.notifications;

import java.util.Properties;
import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.camel.component.mail.MailComponent;
import org.apache.camel.component.mail.MailConfiguration;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SchemePortResolver;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.DefaultHttpClientConnectionOperator;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.io.HttpClientConnectionOperator;
import org.apache.hc.client5.http.ssl.TlsSocketStrategy;
import org.apache.hc.core5.http.URIScheme;
import org.apache.hc.core5.http.config.RegistryBuilder;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.util.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The delivery channels the notification routes use by name: the {@code smtp} component (server settings from
 * {@code koppel.notifications.email}) and the HTTP client settings of webhook calls (their own timeouts, no
 * redirects, no hidden retries), apart from the accounting systems' HTTP client.
 */
@Configuration(proxyBeanMethods = false)
public class NotificationChannels {

    private static final Logger log = LoggerFactory.getLogger(NotificationChannels.class);

    /** The camel-mail component for {@code smtp://} endpoints; user and password only when configured. */
    @Bean("smtp")
    MailComponent smtp(NotificationProperties properties) {
        NotificationProperties.Email email = properties.email();
        MailConfiguration configuration = new MailConfiguration();
        configuration.setHost(email.host());
        configuration.setPort(email.port());
        configuration.setFrom(email.from());
        configuration.setConnectionTimeout(email.timeout());
        if (email.username() != null && !email.username().isBlank()) {
            configuration.setUsername(email.username());
            configuration.setPassword(email.password());
        }
        Properties javaMail = new Properties();
        javaMail.setProperty("mail.smtp.timeout", Integer.toString(email.timeout()));
        javaMail.setProperty("mail.smtp.writetimeout", Integer.toString(email.timeout()));
        if (email.starttls()) {
            javaMail.setProperty("mail.smtp.starttls.enable", "true");
            javaMail.setProperty("mail.smtp.starttls.required", "true");
        }
        configuration.setAdditionalJavaMailProperties(javaMail);
        MailComponent component = new MailComponent();
        component.setConfiguration(configuration);
        log.info(email.enabled() ? "E-mail notifications are on, via SMTP server {}:{}"
                : "E-mail notifications are off (koppel.notifications.email.enabled); in-app and webhooks only",
                email.host(), email.port());
        return component;
    }

    /**
     * Connections to webhook receivers: their own pool and connect/socket timeouts; http and https. Each delivery
     * gets a fresh {@link DeliverySocket}: the whole delivery ends by its deadline and reads a bounded reply.
     */
    @Bean(destroyMethod = "close")
    PoolingHttpClientConnectionManager webhookConnections(NotificationProperties properties) {
        NotificationProperties.Webhook webhook = properties.webhook();
        return new PoolingHttpClientConnectionManagerBuilder() {
                    @Override
                    protected HttpClientConnectionOperator createConnectionOperator(SchemePortResolver ports,
                            DnsResolver dns, TlsSocketStrategy tls) {
                        return new DefaultHttpClientConnectionOperator(
                                proxy -> new DeliverySocket(webhook.deadline(), webhook.maxReplyBytes()), ports, dns,
                                RegistryBuilder.<TlsSocketStrategy>create().register(URIScheme.HTTPS.id, tls).build());
                    }
                }
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(Timeout.ofMilliseconds(webhook.connectTimeout()))
                        .setSocketTimeout(Timeout.ofMilliseconds(webhook.responseTimeout()))
                        .build())
                .setDefaultSocketConfig(SocketConfig.custom()
                        .setSoTimeout(Timeout.ofMilliseconds(webhook.responseTimeout())).build())
                .setMaxConnTotal(20).setMaxConnPerRoute(4)
                .build();
    }

    /** Webhook calls wait at most the configured time for a reply, follow no redirect and never retry by themselves. */
    @Bean
    HttpClientConfigurer webhookHttpClient(NotificationProperties properties) {
        NotificationProperties.Webhook webhook = properties.webhook();
        return builder -> builder
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setConnectionRequestTimeout(Timeout.ofMilliseconds(webhook.connectTimeout()))
                        .setResponseTimeout(Timeout.ofMilliseconds(webhook.responseTimeout()))
                        .setRedirectsEnabled(false)
                        .build())
                .disableRedirectHandling()
                .disableAutomaticRetries()
                // a receiver's gzip is not unpacked (a small bomb would be gigabytes), and each delivery has its own
                // connection, so the deadline of its socket is the deadline of the delivery
                .disableContentCompression()
                .setConnectionReuseStrategy((request, response, context) -> false)
                .disableCookieManagement();
    }
}
