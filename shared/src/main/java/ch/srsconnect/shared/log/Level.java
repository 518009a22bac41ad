package ch.srsconnect.shared.log;

import java.util.Locale;

public enum Level {
    DEBUG, INFO, WARN, ERROR;

    /** Parses {@code LOG_LEVEL}; unknown or blank values give {@code fallback} ("WARNING" is accepted as WARN). */
    public static Level parse(String value, Level fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        String v = value.trim().toUpperCase(Locale.ROOT);
        if (v.equals("WARNING")) {
            return WARN;
        }
        if (v.equals("TRACE")) {
            return DEBUG;
        }
        try {
            return valueOf(v);
        } catch (IllegalArgumentException e) {
            return fallback;
        }
    }
}
