package ch.srsconnect.shared.catalogue;

import java.util.Locale;
import java.util.Optional;

/**
 * Identification method types of the SRS {@code method} filter (guide v1.8 §6.1). The wire spelling is
 * {@link #wireName()}; parsing is case-insensitive (the guide's own filter tables write {@code Video} and
 * {@code video} for the same method). v1.4 called the bank type {@code Bankident}: accepted as an alias.
 */
public enum MethodType {
    VIDEO("Video"),
    EID("eID"),
    BANK("Bank"),
    ROBO_IDENT("Robo-ident"),
    AUTOIDENT("Autoident");

    private final String wireName;

    MethodType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<MethodType> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String v = value.trim().toLowerCase(Locale.ROOT);
        for (MethodType t : values()) {
            if (t.wireName.toLowerCase(Locale.ROOT).equals(v)) {
                return Optional.of(t);
            }
        }
        return v.equals("bankident") ? Optional.of(BANK) : Optional.empty();
    }

    /** "Video, eID, Bank, Robo-ident, Autoident" for messages. */
    public static String wireNames() {
        StringBuilder sb = new StringBuilder();
        for (MethodType t : values()) {
            if (!sb.isEmpty()) {
                sb.append(", ");
            }
            sb.append(t.wireName);
        }
        return sb.toString();
    }
}
