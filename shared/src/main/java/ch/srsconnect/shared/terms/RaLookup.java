package ch.srsconnect.shared.terms;

import ch.srsconnect.shared.ra.RaEvidence;

import java.util.Optional;

/** RA lookup by msisdn: the evidence if the user can sign now, empty if not (RA's 404). */
@FunctionalInterface
public interface RaLookup {
    Optional<RaEvidence> lookup(String msisdn);
}
