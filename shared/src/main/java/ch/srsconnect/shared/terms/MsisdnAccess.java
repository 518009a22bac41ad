package ch.srsconnect.shared.terms;

import ch.srsconnect.shared.api.Problem;
import ch.srsconnect.shared.log.Log;
import ch.srsconnect.shared.log.Msisdn;
import ch.srsconnect.shared.phone.PhoneVerifications;
import ch.srsconnect.shared.store.IdentificationStore;

import java.util.Objects;

/**
 * The msisdn authorization rule (issue 5 item 3): an msisdn endpoint answers a caller only for a number the
 * caller proved by OTP recently, or used in one of its own identifications. Otherwise 403 — decided before any
 * Swisscom call and with the same answer for every number, so a caller cannot probe whether a number is registered.
 */
public final class MsisdnAccess {
    private static final Log LOG = Log.get(MsisdnAccess.class);
    public static final String FORBIDDEN_DETAIL = "This number is not bound to you: prove it by OTP (POST /phone-verifications)"
            + " or use it in one of your identifications.";

    /** How the caller is bound to the number. */
    public enum Binding { OTP_PROOF, OWN_IDENTIFICATION }

    private final PhoneVerifications phones;
    private final IdentificationStore identifications;

    public MsisdnAccess(PhoneVerifications phones, IdentificationStore identifications) {
        this.phones = Objects.requireNonNull(phones);
        this.identifications = Objects.requireNonNull(identifications);
    }

    /** The binding, or a 403 problem. {@code msisdn} is normalised ({@code +41...}). */
    public Binding require(String owner, String msisdn) {
        if (phones.recentProof(owner, msisdn).isPresent()) {
            return Binding.OTP_PROOF;
        }
        if (!identifications.listByOwner(owner, msisdn, null, 1, null).items().isEmpty()) {
            return Binding.OWN_IDENTIFICATION;
        }
        LOG.info("msisdn not bound to caller", "msisdn", Msisdn.mask(msisdn));
        throw Problem.forbidden(FORBIDDEN_DETAIL).asException();
    }
}
