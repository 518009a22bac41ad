package ch.srsconnect.shared.polling;

import ch.srsconnect.shared.identification.Identification;
import ch.srsconnect.shared.identification.IdentificationStatus;
import ch.srsconnect.shared.identification.Phase;
import ch.srsconnect.shared.log.Log;
import ch.srsconnect.shared.log.Msisdn;
import ch.srsconnect.shared.store.IdentificationStore;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The user just acted on a number (proved it by OTP, confirmed or finished the T&amp;C through our routes): the caller's
 * identifications of that number waiting at the RA lookup are polled now ({@link Nudges}) instead of at their next
 * planned lookup. Never fails the route that calls it: a nudge that cannot be sent leaves the plan as it was.
 */
public final class LookupNudges {
    private static final Log LOG = Log.get(LookupNudges.class);
    /** Nobody has more identifications of one number waiting than this; more are left to the plan. */
    static final int MAX_NUDGED = 10;

    private final IdentificationStore store;
    private final Supplier<Nudges> nudges;

    /** @param nudges built on first use (its SQS client costs the route's cold start nothing) */
    public LookupNudges(IdentificationStore store, Supplier<Nudges> nudges) {
        this.store = store;
        this.nudges = nudges;
    }

    /** No nudges at all (tests of other behaviour, wiring without a poll queue). */
    public static LookupNudges none() {
        return new LookupNudges(null, null);
    }

    /** @return how many identifications were polled now */
    public int userActed(String owner, String msisdn) {
        if (store == null) {
            return 0;
        }
        int sent = 0;
        try {
            for (Identification i : store.listByOwner(owner, msisdn, Set.of(IdentificationStatus.TERMINATED), MAX_NUDGED, null).items()) {
                if (i.phase() == Phase.LOOKUP && nudges.get().nudge(i) == Nudges.Outcome.SENT) {
                    sent++;
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("could not nudge the RA lookups of a number; their plan stands", e, "msisdn", Msisdn.mask(msisdn));
        }
        if (sent > 0) {
            LOG.info("RA lookups nudged", "msisdn", Msisdn.mask(msisdn), "identifications", sent);
        }
        return sent;
    }
}
