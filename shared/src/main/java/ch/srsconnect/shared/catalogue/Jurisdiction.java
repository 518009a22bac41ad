package ch.srsconnect.shared.catalogue;

import java.util.Locale;
import java.util.Optional;

/** Signature jurisdiction: EU (eIDAS) or CH (ZertES). Wire spelling upper case, parsed case-insensitively. */
public enum Jurisdiction {
    EIDAS,
    ZERTES;

    /** {@code eidas}, {@code EIDAS}, {@code ZertES}... ; anything else is empty. */
    public static Optional<Jurisdiction> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        return switch (value.trim().toUpperCase(Locale.ROOT)) {
            case "EIDAS" -> Optional.of(EIDAS);
            case "ZERTES" -> Optional.of(ZERTES);
            default -> Optional.empty();
        };
    }
}
