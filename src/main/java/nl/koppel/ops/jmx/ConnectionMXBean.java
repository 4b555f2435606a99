package nl.koppel.ops.jmx;

import java.util.Map;

/**
 * One office's connection to one accounting system ({@code nl.koppel:type=Connection,office=...,system=...}).
 * Every value is read from PostgreSQL when asked, so it is the same on every Koppel instance.
 */
public interface ConnectionMXBean {

    @Description("The connection's id (as in the REST API)")
    String getConnectionId();

    @Description("The office's name")
    String getOffice();

    @Description("The office's id")
    String getOfficeId();

    @Description("The accounting system, e.g. exact-online")
    String getSystem();

    @Description("CONNECTED or NOT_CONNECTED")
    String getStatus();

    @Description("The status as office users see it: login gelukt or niet verbonden")
    String getStatusLabel();

    @Description("Why the connection has its status, e.g. LINKED, CREDENTIALS_REVOKED, REFRESH_TOKEN_EXPIRED")
    String getReason();

    @Description("Since when the connection has this status (ISO-8601, UTC)")
    String getSince();

    @Description("The office's sync user: name (user name)")
    String getSyncUser();

    @Description("The user inside the accounting system the link was made as (e.g. CX_Basecone); empty if never linked")
    String getAccountingSystemUser();

    @Description("When the link was last checked successfully (ISO-8601, UTC)")
    String getLastCheck();

    @Description("The latest completed sync turn over the connection's dossiers (ISO-8601, UTC)")
    String getLastSuccessfulSync();

    @Description("Dossiers per status (ACTIVE, INACCESSIBLE)")
    Map<String, Long> getDossierCounts();

    @Description("Calls left this minute in the tightest dossier's rate-limit budget; empty when none is known")
    Integer getRateLimitMinuteRemaining();

    @Description("Calls left today in the tightest dossier's rate-limit budget; empty when none is known")
    Integer getRateLimitDayRemaining();

    @Description("No calls before this time (a 429 or a spent budget); empty when not blocked")
    String getRateLimitBlockedUntil();

    @Description("True when an operator paused this connection's background sync")
    boolean isSyncPaused();

    @Description("Since when this connection's background sync is paused; empty when it runs")
    String getSyncPausedSince();

    @Description("Checks the link now (the scheduled check's route): OK, NOT_CONNECTED (the status flips) or UNAVAILABLE")
    String checkNow();

    @Description(value = "Makes one dossier (its id in the accounting system, e.g. a division code) or 'all' due now",
            parameters = "dossier")
    String syncNow(String dossier);

    @Description("Pauses this connection's background sync (kept across restarts; turns in flight finish)")
    String pauseSync();

    @Description("Resumes this connection's background sync")
    String resumeSync();
}
