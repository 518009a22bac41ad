package ch.srsconnect.shared.identification;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Objects;

/**
 * One entry of SRS's status history.
 *
 * @param status normalised status
 * @param date   when SRS recorded it; {@code null} if SRS sent none or an unreadable date
 * @param reason SRS's reason text, if any (e.g. why an identification failed); blank is stored as {@code null}
 * @param kind   SRS's kind, if any
 */
public record StatusEntry(IdentificationStatus status, Instant date, String reason, String kind) {

    public StatusEntry {
        Objects.requireNonNull(status, "status");
        reason = blankToNull(reason);
        kind = blankToNull(kind);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    /** The most of SRS's texts an entry keeps: no answer may make an identification too large to store. */
    public static final int MAX_STATUS_LENGTH = 100;
    public static final int MAX_REASON_LENGTH = 1000;
    public static final int MAX_KIND_LENGTH = 100;

    /**
     * Builds an entry from SRS's wire values, tolerant of spelling and date formats; never throws. Texts longer than
     * the limits above are cut (with a trailing "…"), the same way on every poll, so a repeated entry stays equal.
     */
    public static StatusEntry fromWire(String status, String date, String reason, String kind) {
        return new StatusEntry(IdentificationStatus.parse(cap(status, MAX_STATUS_LENGTH)), parseDate(date),
                cap(reason, MAX_REASON_LENGTH), cap(kind, MAX_KIND_LENGTH));
    }

    /** {@code s}, or its first {@code max - 1} characters and "…" (never splitting a surrogate pair). */
    public static String cap(String s, int max) {
        if (s == null || s.length() <= max) return s;
        int end = max - 1;
        if (Character.isHighSurrogate(s.charAt(end - 1))) end--;
        return s.substring(0, end) + "…";
    }

    /**
     * Reads an ISO-8601 instant ({@code 2020-02-04T10:49:17.343Z}), an offset date-time, or a local
     * date-time taken as UTC; returns {@code null} for anything else.
     */
    public static Instant parseDate(String date) {
        if (date == null || date.isBlank()) {
            return null;
        }
        String d = date.trim();
        try {
            return Instant.parse(d);
        } catch (DateTimeParseException ignored) {
            // next format
        }
        try {
            return OffsetDateTime.parse(d).toInstant();
        } catch (DateTimeParseException ignored) {
            // next format
        }
        try {
            return LocalDateTime.parse(d).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException ignored) {
            return null;
        }
    }
}
