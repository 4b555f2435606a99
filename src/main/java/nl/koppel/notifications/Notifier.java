package nl.koppel.notifications;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import nl.koppel.connections.Connection;
import nl.koppel.dossiers.Dossier;
import nl.koppel.office.OfficeRepository;
import nl.koppel.office.OfficeUser;
import nl.koppel.office.OfficeUserRepository;
import nl.koppel.office.Role;
import nl.koppel.systems.AccountingSystemCatalog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The notification fan-out. Called inside the transaction of the change it announces (the status flip in
 * {@code ConnectionStatusService}, a dossier added or lost), it writes one in-app notification per recipient,
 * one outbox row per e-mail recipient and one per subscribed webhook. Nothing is sent here: the delivery route
 * ({@code routes/notifications.camel.yaml}) sends what committed, so a rolled-back change announces nothing and
 * a crash after the commit loses nothing.
 */
@Service
public class Notifier {

    private static final Logger log = LoggerFactory.getLogger(Notifier.class);

    private final InboxRepository inbox;
    private final OutboxRepository outbox;
    private final WebhookRepository webhooks;
    private final OfficeUserRepository users;
    private final OfficeRepository offices;
    private final AccountingSystemCatalog catalog;
    private final NotificationTexts texts;
    private final NotificationProperties properties;
    private final ObjectMapper json;

    public Notifier(InboxRepository inbox, OutboxRepository outbox, WebhookRepository webhooks,
                    OfficeUserRepository users, OfficeRepository offices, AccountingSystemCatalog catalog,
                    NotificationTexts texts, NotificationProperties properties, ObjectMapper json) {
        this.inbox = inbox;
        this.outbox = outbox;
        this.webhooks = webhooks;
        this.users = users;
        this.offices = offices;
        this.catalog = catalog;
        this.texts = texts;
        this.properties = properties;
        this.json = json;
    }

    /** The link broke: the sync user and the super users are told what happened and who must act. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void connectionDisconnected(Connection connection) {
        announce(connection, EventType.CONNECTION_DISCONNECTED, "niet verbonden", (about, user) ->
                texts.disconnected(new NotificationTexts.Disconnected(about.office(), about.system(),
                        connection.statusChangedAt(), connection.statusReason(), about.accountingUser(),
                        about.syncUser().name(), user.id().equals(about.syncUser().id())), user.language()));
    }

    /** The link works again after it broke: one "restored" notification per recipient per channel. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void connectionReconnected(Connection connection) {
        announce(connection, EventType.CONNECTION_RECONNECTED, "login gelukt again", (about, user) ->
                texts.reconnected(new NotificationTexts.Reconnected(about.office(), about.system(),
                        connection.statusChangedAt(), about.accountingUser(), about.syncUser().name()),
                        user.language()));
    }

    /**
     * The link was made as another accounting-system user than before: the super users (and the sync user) are
     * told, since the office's dossiers now come from what that user can see.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void linkedUserChanged(Connection connection, String previousUser) {
        announce(connection, EventType.CONNECTION_LINKED_USER_CHANGED, "linked as another user", (about, user) ->
                texts.linkedUserChanged(new NotificationTexts.LinkedUserChanged(about.office(), about.system(),
                        connection.statusChangedAt(), previousUser, about.accountingUser(), about.syncUser().name()),
                        user.language()));
    }

    /**
     * The office named another sync user. The new sync user is told (in-app, e-mail) that they must make the link
     * and how; when the connection was {@code login gelukt} the super users and the webhooks also hear that it is
     * {@code niet verbonden} (reason SYNC_USER_CHANGED). Before a first link there is no status change to announce:
     * only the new sync user is told.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void syncUserChanged(Connection connection, String namedBy, boolean wasConnected) {
        java.util.function.BiFunction<About, OfficeUser, NotificationTexts.Text> textFor = (about, user) ->
                user.id().equals(about.syncUser().id())
                        ? texts.syncUserNamed(new NotificationTexts.SyncUserNamed(about.office(), about.system(),
                                namedBy), user.language())
                        : texts.disconnected(new NotificationTexts.Disconnected(about.office(), about.system(),
                                connection.statusChangedAt(), connection.statusReason(), about.accountingUser(),
                                about.syncUser().name(), false), user.language());
        if (wasConnected) {
            announce(connection, EventType.CONNECTION_DISCONNECTED, "niet verbonden (new sync user)", textFor);
            return;
        }
        OfficeUser syncUser = users.find(connection.syncUserId()).orElseThrow();
        About about = new About(officeName(connection.officeId()), systemName(connection.systemType()), null,
                syncUser);
        int emails = toUser(connection, UUID.randomUUID(), EventType.CONNECTION_DISCONNECTED, syncUser,
                textFor.apply(about, syncUser));
        log.info("Connection {} has a new sync user, told in-app and in {} e-mails to make the link",
                connection.id(), emails);
    }

    /** What a connection's messages name: its office, system, linked user and sync user. */
    private record About(String office, String system, String accountingUser, OfficeUser syncUser) {
    }

    /** One event of a connection: in-app (and e-mail) to every recipient in their language, and the webhooks. */
    private void announce(Connection connection, EventType event, String what,
                          java.util.function.BiFunction<About, OfficeUser, NotificationTexts.Text> textFor) {
        UUID eventId = UUID.randomUUID();
        OfficeUser syncUser = users.find(connection.syncUserId()).orElseThrow();
        About about = new About(officeName(connection.officeId()), systemName(connection.systemType()),
                connection.accountingSystemUser() == null ? null : connection.accountingSystemUser().username(),
                syncUser);
        int emails = 0;
        List<OfficeUser> recipients = recipients(connection);
        for (OfficeUser user : recipients) {
            emails += toUser(connection, eventId, event, user, textFor.apply(about, user));
        }
        int hooks = toWebhooks(connection.officeId(), eventId, event,
                connectionData(connection, syncUser, about.system()));
        log.info("Connection {} {}: {} users notified in-app, {} e-mails and {} webhook deliveries queued",
                connection.id(), what, recipients.size(), emails, hooks);
    }

    /**
     * A dossier's connection key stopped working (a system linked by key): the sync user and the super users are
     * told in-app (and by e-mail) which administration and what to do, and the subscribed webhooks get
     * {@code dossier.connection_key_rejected}. Only the dossier stops; the connection stays {@code login gelukt}.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void connectionKeyRejected(Connection connection, Dossier dossier, String reason) {
        UUID eventId = UUID.randomUUID();
        OfficeUser syncUser = users.find(connection.syncUserId()).orElseThrow();
        String office = officeName(connection.officeId());
        String system = systemName(connection.systemType());
        boolean otherAdministration = "CONNECTION_KEY_OTHER_ADMINISTRATION".equals(reason);
        int emails = 0;
        List<OfficeUser> recipients = recipients(connection);
        for (OfficeUser user : recipients) {
            emails += toUser(connection, eventId, EventType.DOSSIER_CONNECTION_KEY_REJECTED, user,
                    texts.keyRejected(new NotificationTexts.KeyRejected(office, system, dossier.name(),
                            Instant.now(), otherAdministration, syncUser.name(), user.id().equals(syncUser.id())),
                            user.language()));
        }
        int hooks = toWebhooks(connection.officeId(), eventId, EventType.DOSSIER_CONNECTION_KEY_REJECTED,
                dossierData(connection, dossier, reason));
        log.info("Connection {}: the connection key of dossier {} was refused; {} users notified in-app, {} e-mails"
                + " and {} webhook deliveries queued", connection.id(), dossier.id(), recipients.size(), emails, hooks);
    }

    /** A dossier was added (by a user or by discovery): webhooks only. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void dossierAdded(Connection connection, Dossier dossier) {
        toWebhooks(connection.officeId(), UUID.randomUUID(), EventType.DOSSIER_ADDED, dossierData(connection, dossier,
                null));
    }

    /** The linked user can no longer reach a dossier: webhooks only (the dossier's status shows it in the API). */
    @Transactional(propagation = Propagation.MANDATORY)
    public void dossierInaccessible(Connection connection, Dossier dossier, String why) {
        toWebhooks(connection.officeId(), UUID.randomUUID(), EventType.DOSSIER_INACCESSIBLE,
                dossierData(connection, dossier, why));
    }

    /**
     * A dossier kind failed {@code failures} runs in a row (the operators' threshold): webhooks that subscribed to
     * {@code sync.failed} only, never an office user's inbox or e-mail.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void syncFailed(Connection connection, Dossier dossier, String kind, int failures, String error) {
        Map<String, Object> data = dossierData(connection, dossier, null);
        data.put("kind", kind);
        data.put("failuresInARow", failures);
        data.put("error", error);
        toWebhooks(connection.officeId(), UUID.randomUUID(), EventType.SYNC_FAILED, data);
    }

    /** The sync user and every super user of the office, each once. */
    private List<OfficeUser> recipients(Connection connection) {
        Map<UUID, OfficeUser> recipients = new LinkedHashMap<>();
        users.find(connection.syncUserId()).ifPresent(u -> recipients.put(u.id(), u));
        users.findByOfficeAndRole(connection.officeId(), Role.SUPERGEBRUIKER).forEach(u -> recipients.putIfAbsent(u.id(), u));
        return List.copyOf(recipients.values());
    }

    /** In-app always; e-mail when it is on and the user has an address. Returns the e-mails queued. */
    private int toUser(Connection connection, UUID eventId, EventType type, OfficeUser user,
                       NotificationTexts.Text text) {
        inbox.insert(connection.officeId(), user.id(), eventId, type, connection.id(), user.language().code(), text);
        if (properties.email().enabled() && user.email() != null && !user.email().isBlank()) {
            return outbox.insertEmail(connection.officeId(), eventId, type, user.id(), user.email(), text.title(),
                    text.body()) ? 1 : 0;
        }
        return 0;
    }

    private int toWebhooks(UUID officeId, UUID eventId, EventType type, Map<String, Object> data) {
        List<Webhook> subscribed = webhooks.subscribed(officeId, type);
        if (subscribed.isEmpty()) {
            return 0;
        }
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("type", type.type());
        payload.put("timestamp", Instant.now().truncatedTo(ChronoUnit.MILLIS).toString());
        payload.put("data", data);
        String body;
        try {
            body = json.writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("webhook payload of " + type.type() + " cannot be written", e);
        }
        int queued = 0;
        for (Webhook webhook : subscribed) {
            queued += outbox.insertWebhook(officeId, eventId, type, webhook.id(), webhook.url(), body) ? 1 : 0;
        }
        return queued;
    }

    private Map<String, Object> connectionData(Connection connection, OfficeUser syncUser, String system) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("officeId", connection.officeId());
        data.put("accountingSystem", Map.of("id", connection.id(), "type", connection.systemType(), "name", system));
        data.put("status", connection.status().name());
        data.put("statusReason", connection.statusReason().name());
        data.put("since", connection.statusChangedAt().toString());
        data.put("syncUser", Map.of("id", syncUser.id(), "name", syncUser.name()));
        return data;
    }

    private Map<String, Object> dossierData(Connection connection, Dossier dossier, String why) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("officeId", connection.officeId());
        data.put("accountingSystem", Map.of("id", connection.id(), "type", connection.systemType(),
                "name", systemName(connection.systemType())));
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("id", dossier.id());
        d.put("externalId", dossier.externalId());
        d.put("name", dossier.name());
        data.put("dossier", d);
        if (why != null) {
            data.put("reason", why);
        }
        return data;
    }

    private String officeName(UUID officeId) {
        return offices.find(officeId).map(nl.koppel.office.Office::name).orElse("?");
    }

    private String systemName(String type) {
        return catalog.find(type).map(AccountingSystemCatalog.SystemType::displayName).orElse(type);
    }
}
