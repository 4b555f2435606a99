package nl.koppel.screens;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import nl.koppel.notifications.NotificationProperties;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;

/** Times on the screens: in the office's time zone (the one of the notifications), in the user's language. */
@Component("screenTimes")
public class ScreenTimes {

    private final ZoneId zone;

    public ScreenTimes(NotificationProperties properties) {
        this.zone = properties.timeZone();
    }

    /** "2 december 2026 15:04" (nl) or "2 December 2026 15:04" (en); a dash for never. */
    public String at(Instant instant) {
        if (instant == null) {
            return "–";
        }
        Locale locale = LocaleContextHolder.getLocale();
        return DateTimeFormatter.ofPattern("d MMMM yyyy HH:mm", locale).withZone(zone).format(instant);
    }

    /** ISO-8601 for the datetime attribute of a time element. */
    public String iso(Instant instant) {
        return instant == null ? "" : instant.toString();
    }
}
