package nl.koppel.notifications;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import nl.koppel.connections.StatusReason;
import nl.koppel.office.Language;
import org.springframework.stereotype.Component;

/**
 * The words of the notifications office users read, in their language (nl, the default, or en): which
 * accounting system, since when, why, and what to do. The sync user is told how to make the link again;
 * everyone else is told who can.
 */
@Component
public class NotificationTexts {

    private static final String WHERE_NL = "Instellingen > Kantoor > Boekhoudsysteem";

    private final ZoneId zone;

    public NotificationTexts(NotificationProperties properties) {
        this.zone = properties.timeZone();
    }

    /** A title and a body in one language. */
    public record Text(String title, String body) {
    }

    /** What a recipient needs to know about a broken link. */
    public record Disconnected(String officeName, String systemName, Instant since, StatusReason reason,
                               String accountingSystemUser, String syncUserName, boolean recipientIsSyncUser) {
    }

    public record Reconnected(String officeName, String systemName, Instant since, String accountingSystemUser,
                              String syncUserName) {
    }

    public record LinkedUserChanged(String officeName, String systemName, Instant since, String previousUser,
                                    String newUser, String syncUserName) {
    }

    public Text linkedUserChanged(LinkedUserChanged c, Language language) {
        String when = when(c.since(), language);
        if (language == Language.EN) {
            return new Text(c.systemName() + " is now linked as " + c.newUser(),
                    c.syncUserName() + " made the link between " + c.officeName() + " and " + c.systemName()
                            + " on " + when + " as the accounting-system user " + c.newUser() + "; before, it was "
                            + c.previousUser() + ".\n\n"
                            + "Koppel now sees the administrations that " + c.newUser() + " can see. If this was not"
                            + " intended, ask " + c.syncUserName() + " to make the link again as " + c.previousUser()
                            + " (" + WHERE_NL + ", \"Koppeling maken\").");
        }
        return new Text(c.systemName() + " is nu gekoppeld als " + c.newUser(),
                c.syncUserName() + " heeft de koppeling van " + c.officeName() + " met " + c.systemName() + " op "
                        + when + " gemaakt als boekhoudsysteemgebruiker " + c.newUser() + "; eerder was dat "
                        + c.previousUser() + ".\n\n"
                        + "Koppel ziet nu de administraties die " + c.newUser() + " kan zien. Was dit niet de"
                        + " bedoeling, vraag dan " + c.syncUserName() + " de koppeling opnieuw te maken als "
                        + c.previousUser() + " (" + WHERE_NL + ", \"Koppeling maken\").");
    }

    /** What a user just named sync user needs to know: that they must make the link, and where. */
    public record SyncUserNamed(String officeName, String systemName, String namedBy) {
    }

    public Text syncUserNamed(SyncUserNamed n, Language language) {
        if (language == Language.EN) {
            return new Text("Make the link with " + n.systemName(),
                    n.namedBy() + " made you the sync user of " + n.officeName() + " for " + n.systemName()
                            + ". The link with " + n.systemName() + " is niet verbonden (not connected) until you make"
                            + " it.\n\n"
                            + "What to do: go to " + WHERE_NL + " (Settings > Office > Accounting system), click"
                            + " \"Koppeling maken\" (Make the link) and log in to " + n.systemName() + ".\n\n"
                            + "Until then Koppel does not synchronise this office's dossiers. Data already"
                            + " synchronised stays available; after the link Koppel continues where it stopped.");
        }
        return new Text("Maak de koppeling met " + n.systemName(),
                n.namedBy() + " heeft u synchronisatiegebruiker gemaakt van " + n.officeName() + " voor "
                        + n.systemName() + ". De koppeling met " + n.systemName() + " is niet verbonden tot u hem"
                        + " maakt.\n\n"
                        + "Wat te doen: ga naar " + WHERE_NL + ", klik op \"Koppeling maken\" en log in bij "
                        + n.systemName() + ".\n\n"
                        + "Tot die tijd synchroniseert Koppel de dossiers van dit kantoor niet. Al gesynchroniseerde"
                        + " gegevens blijven beschikbaar; na de koppeling gaat Koppel verder waar het gebleven was.");
    }

    public Text disconnected(Disconnected d, Language language) {
        String when = when(d.since(), language);
        if (language == Language.EN) {
            String what = d.recipientIsSyncUser()
                    ? "You are the sync user, so only you can fix this: go to " + WHERE_NL
                    + " (Settings > Office > Accounting system) and click \"Koppeling maken\" (Make the link), then"
                    + " log in to " + d.systemName() + " again."
                    : "Only the sync user, " + d.syncUserName() + ", can make the link again (at " + WHERE_NL
                    + ", \"Koppeling maken\"). Please ask " + d.syncUserName() + " to do so.";
            return new Text(d.systemName() + " is disconnected",
                    "The link between " + d.officeName() + " and " + d.systemName() + " has been disconnected"
                            + " since " + when + ".\n\n"
                            + "Why: " + reasonEn(d.reason(), d.systemName(), d.accountingSystemUser()) + ".\n\n"
                            + "What to do: " + what + "\n\n"
                            + "Until then Koppel does not synchronise this office's dossiers, and work that needs the"
                            + " link (adding dossiers, a manual sync) is refused. Data already synchronised stays"
                            + " available. When the link is made again, Koppel continues where it stopped.");
        }
        String what = d.recipientIsSyncUser()
                ? "U bent de synchronisatiegebruiker, dus alleen u kunt dit oplossen: ga naar " + WHERE_NL
                + " en klik op \"Koppeling maken\". Log daarna opnieuw in bij " + d.systemName() + "."
                : "Alleen de synchronisatiegebruiker, " + d.syncUserName() + ", kan de koppeling opnieuw maken (via "
                + WHERE_NL + ", \"Koppeling maken\"). Vraag " + d.syncUserName() + " dat te doen.";
        return new Text(d.systemName() + " is niet verbonden",
                "De koppeling van " + d.officeName() + " met " + d.systemName() + " is sinds " + when
                        + " niet verbonden.\n\n"
                        + "Waarom: " + reasonNl(d.reason(), d.systemName(), d.accountingSystemUser()) + ".\n\n"
                        + "Wat te doen: " + what + "\n\n"
                        + "Tot die tijd synchroniseert Koppel de dossiers van dit kantoor niet, en werk dat de"
                        + " koppeling nodig heeft (dossiers toevoegen, handmatig synchroniseren) wordt geweigerd."
                        + " Al gesynchroniseerde gegevens blijven beschikbaar. Zodra de koppeling weer gemaakt is,"
                        + " gaat Koppel verder waar het gebleven was.");
    }

    /** A dossier's connection key stopped working (systems linked by key): what happened, and who enters a new one. */
    public record KeyRejected(String officeName, String systemName, String dossierName, Instant since,
                              boolean otherAdministration, String syncUserName, boolean recipientIsSyncUser) {
    }

    public Text keyRejected(KeyRejected k, Language language) {
        String when = when(k.since(), language);
        if (language == Language.EN) {
            String why = k.otherAdministration()
                    ? "its connection key now gives access to another administration"
                    : "its connection key no longer works (revoked, regenerated or deleted in " + k.systemName() + ")";
            String what = k.recipientIsSyncUser()
                    ? "You are the sync user: create a new connection key for this administration in "
                    + k.systemName() + ", then go to " + WHERE_NL + " (Settings > Office > Accounting system), click"
                    + " \"Koppeling maken\" (Make the link) and enter it."
                    : "Only the sync user, " + k.syncUserName() + ", can enter a new connection key (at " + WHERE_NL
                    + ", \"Koppeling maken\"). Please ask " + k.syncUserName() + " to do so.";
            return new Text("The connection key of " + k.dossierName() + " does not work any more",
                    "Since " + when + " Koppel cannot synchronise the administration " + k.dossierName() + " of "
                            + k.officeName() + " in " + k.systemName() + ": " + why + ".\n\n"
                            + "What to do: " + what + "\n\n"
                            + "The other administrations are not affected. Data already synchronised stays"
                            + " available; with the new key Koppel continues where it stopped.");
        }
        String why = k.otherAdministration()
                ? "de koppelsleutel geeft nu toegang tot een andere administratie"
                : "de koppelsleutel werkt niet meer (ingetrokken, opnieuw aangemaakt of verwijderd in "
                + k.systemName() + ")";
        String what = k.recipientIsSyncUser()
                ? "U bent de synchronisatiegebruiker: maak in " + k.systemName() + " een nieuwe koppelsleutel voor"
                + " deze administratie, ga naar " + WHERE_NL + ", klik op \"Koppeling maken\" en voer hem in."
                : "Alleen de synchronisatiegebruiker, " + k.syncUserName() + ", kan een nieuwe koppelsleutel invoeren"
                + " (via " + WHERE_NL + ", \"Koppeling maken\"). Vraag " + k.syncUserName() + " dat te doen.";
        return new Text("De koppelsleutel van " + k.dossierName() + " werkt niet meer",
                "Sinds " + when + " kan Koppel de administratie " + k.dossierName() + " van " + k.officeName()
                        + " in " + k.systemName() + " niet synchroniseren: " + why + ".\n\n"
                        + "Wat te doen: " + what + "\n\n"
                        + "De andere administraties werken gewoon door. Al gesynchroniseerde gegevens blijven"
                        + " beschikbaar; met de nieuwe sleutel gaat Koppel verder waar het gebleven was.");
    }

    public Text reconnected(Reconnected r, Language language) {
        String when = when(r.since(), language);
        String as = r.accountingSystemUser() == null ? "" : r.accountingSystemUser();
        if (language == Language.EN) {
            return new Text(r.systemName() + " is connected again",
                    "The link between " + r.officeName() + " and " + r.systemName() + " works again since " + when
                            + " (Login success" + (as.isEmpty() ? "" : ", as " + as) + ", made by "
                            + r.syncUserName() + ").\n\n"
                            + "Nothing to do: Koppel now synchronises the dossiers from where it stopped.");
        }
        return new Text(r.systemName() + " is weer verbonden",
                "De koppeling van " + r.officeName() + " met " + r.systemName() + " werkt weer sinds " + when
                        + " (login gelukt" + (as.isEmpty() ? "" : ", als " + as) + ", gemaakt door "
                        + r.syncUserName() + ").\n\n"
                        + "U hoeft niets te doen: Koppel synchroniseert de dossiers nu verder vanaf waar het gebleven"
                        + " was.");
    }

    /** The reason in words (Dutch). */
    public static String reasonNl(StatusReason reason, String system, String user) {
        return switch (reason) {
            case CREDENTIALS_REVOKED -> system + " accepteert de toegang van Koppel niet meer: de toegang is"
                    + " ingetrokken of de login is ongeldig geworden";
            case REFRESH_TOKEN_EXPIRED -> "de login bij " + system + " is verlopen, omdat hij te lang niet gebruikt is";
            case REFRESH_TOKEN_INVALID -> system + " heeft de login geweigerd; hij moet opnieuw gemaakt worden";
            case USER_DISABLED -> "de gebruiker " + (user == null ? "" : user + " ") + "is geblokkeerd in " + system;
            case SYNC_USER_CHANGED -> "er is een andere synchronisatiegebruiker gekozen";
            case CONNECTION_KEYS_REJECTED -> system + " weigert alle koppelsleutels van dit kantoor; voer via"
                    + " \"Koppeling maken\" een nieuwe koppelsleutel in";
            case NEVER_LINKED -> "de koppeling is nog nooit gemaakt";
            case LINKED -> "de koppeling werkt";
        };
    }

    /** The reason in words (English). */
    public static String reasonEn(StatusReason reason, String system, String user) {
        return switch (reason) {
            case CREDENTIALS_REVOKED -> system + " no longer accepts Koppel's access: it was revoked or the login"
                    + " became invalid";
            case REFRESH_TOKEN_EXPIRED -> "the login at " + system + " expired because it was not used for too long";
            case REFRESH_TOKEN_INVALID -> system + " refused the login; it has to be made again";
            case USER_DISABLED -> "the user " + (user == null ? "" : user + " ") + "is blocked in " + system;
            case SYNC_USER_CHANGED -> "another sync user was chosen";
            case CONNECTION_KEYS_REJECTED -> system + " refuses every connection key of this office; enter a new"
                    + " connection key through \"Koppeling maken\"";
            case NEVER_LINKED -> "the link was never made";
            case LINKED -> "the link works";
        };
    }

    private String when(Instant instant, Language language) {
        Locale locale = language == Language.EN ? Locale.ENGLISH : Locale.forLanguageTag("nl-NL");
        String pattern = language == Language.EN ? "d MMMM yyyy 'at' HH:mm" : "d MMMM yyyy 'om' HH:mm";
        return DateTimeFormatter.ofPattern(pattern, locale).withZone(zone).format(instant) + " (" + zone.getId() + ")";
    }
}
