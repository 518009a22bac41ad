package ch.srsconnect.shared.terms;

import ch.srsconnect.shared.api.Problem;
import ch.srsconnect.shared.http.SwisscomRejectedException;
import ch.srsconnect.shared.json.Json;
import ch.srsconnect.shared.log.Log;
import ch.srsconnect.shared.log.Msisdn;
import ch.srsconnect.shared.polling.LookupNudges;
import ch.srsconnect.shared.ra.RaEvidence;
import ch.srsconnect.shared.smartflows.EvidenceStatus;
import ch.srsconnect.shared.smartflows.SigningStatus;
import ch.srsconnect.shared.smartflows.SmartFlowsClient;
import ch.srsconnect.shared.smartflows.TermsLink;
import ch.srsconnect.shared.smartflows.TermsStatus;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.Optional;

/**
 * Use cases behind the msisdn endpoints: evidence status, T&C link, confirm, status. Every call first applies
 * {@link MsisdnAccess} (403 before any Swisscom call). Failures are {@link Problem}s thrown as exceptions;
 * Swisscom failures propagate as {@code SwisscomException}s (→ 503/502 by the handler frame).
 */
public final class TermsService {
    private static final Log LOG = Log.get(TermsService.class);
    public static final String NOTHING_TO_ACCEPT = "Nothing to accept: the terms and conditions are already accepted,"
            + " or there is no evidence for this number yet.";

    private final SmartFlowsClient smartFlows;
    private final RaLookup ra;
    private final MsisdnAccess access;
    private final TermsStore store;
    private final Clock clock;
    private final long retryAfterSeconds;
    private final LookupNudges nudges;

    public TermsService(SmartFlowsClient smartFlows, RaLookup ra, MsisdnAccess access, TermsStore store, Clock clock,
                        long retryAfterSeconds) {
        this(smartFlows, ra, access, store, clock, retryAfterSeconds, LookupNudges.none());
    }

    /** @param nudges polls the caller's identifications of a number at the RA now, when the user acted on it */
    public TermsService(SmartFlowsClient smartFlows, RaLookup ra, MsisdnAccess access, TermsStore store, Clock clock,
                        long retryAfterSeconds, LookupNudges nudges) {
        this.nudges = Objects.requireNonNull(nudges);
        this.smartFlows = Objects.requireNonNull(smartFlows);
        this.ra = Objects.requireNonNull(ra);
        this.access = Objects.requireNonNull(access);
        this.store = Objects.requireNonNull(store);
        this.clock = Objects.requireNonNull(clock);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** {@code GET /evidence/{msisdn}}. */
    public EvidenceView evidence(String owner, String msisdn) {
        access.require(owner, msisdn);
        EvidenceStatus sf = smartFlows.evidenceStatus(msisdn);
        if (sf.signingStatus() == SigningStatus.NOT_ABLE_TO_RETRIEVE) {
            LOG.warn("smart flows could not retrieve the evidence status", "msisdn", Msisdn.mask(msisdn));
            throw Problem.serviceUnavailable(retryAfterSeconds).asException();
        }
        if (sf.signingStatus() == SigningStatus.UNKNOWN) {
            LOG.warn("unknown signingStatus from smart flows", "signingStatus", sf.rawSigningStatus());
        }
        Optional<RaEvidence> lookup = EvidenceView.worthLookingUp(sf) ? ra.lookup(msisdn) : null;
        return EvidenceView.merge(msisdn, sf, lookup, LocalDate.now(clock.withZone(ZoneOffset.UTC)));
    }

    /** {@code GET /evidence/{msisdn}/terms}: the link, or "nothing to accept". */
    public ObjectNode link(String owner, String msisdn) {
        access.require(owner, msisdn);
        Optional<TermsLink> link = smartFlows.termsLink(msisdn);
        ObjectNode n = Json.object();
        n.put("msisdn", msisdn);
        n.put("termsToAccept", link.isPresent());
        if (link.isPresent()) {
            n.put("link", link.get().link().toString());
        } else {
            n.putNull("link");
            n.put("detail", NOTHING_TO_ACCEPT);
        }
        return n;
    }

    /**
     * {@code POST /evidence/{msisdn}/terms/confirm}: the token comes from a fresh T&C link, never from the caller.
     * Decisions are validated by the handler ({@code knowsTheRisk} must be true).
     */
    public void confirm(String owner, String msisdn, boolean zertes, boolean eidas) {
        access.require(owner, msisdn);
        TermsLink link = smartFlows.termsLink(msisdn)
                .orElseThrow(() -> Problem.of(409, "nothing-to-accept", "Nothing to accept", NOTHING_TO_ACCEPT).asException());
        smartFlows.confirm(link, zertes, eidas, true);
        store.put(owner, msisdn, link.token(), clock.instant());
        LOG.info("T&C confirmation started", "msisdn", Msisdn.mask(msisdn), "zertes", zertes, "eidas", eidas);
        nudges.userActed(owner, msisdn);
    }

    /** The caller just proved {@code msisdn} by OTP: the user is present, so its waiting RA lookups run now. */
    public void phoneProved(String owner, String msisdn) {
        nudges.userActed(owner, msisdn);
    }

    /** {@code GET /evidence/{msisdn}/terms/status}. */
    public ObjectNode status(String owner, String msisdn) {
        access.require(owner, msisdn);
        TermsStore.Acceptance a = store.get(owner, msisdn, clock.instant()).orElseThrow(() -> Problem.of(404,
                "no-terms-confirmation", "No T&C confirmation",
                "No T&C confirmation is under way for this number: POST /evidence/{msisdn}/terms/confirm first.").asException());
        TermsStatus st;
        try {
            st = smartFlows.termsStatus(a.token());
        } catch (SwisscomRejectedException e) {
            if (e.status() == 404) {
                store.delete(owner, msisdn);
                throw Problem.of(404, "no-terms-confirmation", "No T&C confirmation",
                        "Swisscom no longer knows this T&C confirmation: fetch the terms and confirm again.").asException();
            }
            throw e;
        }
        ObjectNode n = Json.object();
        n.put("msisdn", msisdn);
        String state;
        if (st.error() != null) {
            state = "ERROR";
            LOG.warn("smart flows reports a T&C error", "msisdn", Msisdn.mask(msisdn), "errorLength", st.error().length());
        } else if (st.confirmed()) {
            state = "CONFIRMED";
            nudges.userActed(owner, msisdn);   // the RA lookup can say "can sign" now
        } else if (st.downgrade()) {
            state = "DOWNGRADED";
        } else if (st.consentUrl() != null) {
            state = "CONSENT_REQUIRED";
        } else {
            state = "PENDING";
        }
        n.put("state", state);
        n.put("done", st.error() == null && st.done());
        n.put("confirmed", st.confirmed());
        n.put("downgrade", st.downgrade());
        n.put("consentUrl", st.error() == null && !st.done() && st.consentUrl() != null ? st.consentUrl().toString() : null);
        n.put("error", st.error() == null ? null
                : "Swisscom reported an error for this T&C confirmation: fetch the terms and confirm again.");
        return n;
    }
}
