package ch.srsconnect.shared.catalogue;

import java.util.Objects;

/** The level of assurance a method yields in one jurisdiction: 4 = qualified (QES), 3 = advanced (AES). */
public record JurisdictionLoa(Jurisdiction jurisdiction, int loa) {
    public JurisdictionLoa {
        Objects.requireNonNull(jurisdiction, "jurisdiction");
        if (loa < 1 || loa > 4) {
            throw new IllegalArgumentException("loa must be 1..4: " + loa);
        }
    }

    public static JurisdictionLoa of(Jurisdiction jurisdiction, int loa) {
        return new JurisdictionLoa(jurisdiction, loa);
    }
}
