package ch.srsconnect.shared.ra;

import java.time.LocalDate;
import java.util.List;

/**
 * A usable evidence from the RA lookup (srs-api.md §5): it exists and the user accepted the T&amp;C, so the
 * user can sign.
 *
 * @param evidenceId          RA's id
 * @param assuranceLevel      highest LOA
 * @param jurisdictions       e.g. ZERTES, EIDAS
 * @param expiresOn           expiry date, if RA gave one
 * @param expiresWithin90Days RA's flag; computed from {@code expiresOn} when RA omitted it
 */
public record RaEvidence(String evidenceId, Integer assuranceLevel, List<String> jurisdictions, LocalDate expiresOn,
                         boolean expiresWithin90Days) {
    public RaEvidence {
        jurisdictions = jurisdictions == null ? List.of() : List.copyOf(jurisdictions);
    }

    /** Whether an evidence expiring on {@code expiresOn} expires within 90 days of {@code today}. */
    public static boolean expiresWithin90Days(LocalDate expiresOn, LocalDate today) {
        return expiresOn != null && !expiresOn.isAfter(today.plusDays(90));
    }
}
