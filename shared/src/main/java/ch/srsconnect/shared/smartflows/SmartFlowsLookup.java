package ch.srsconnect.shared.smartflows;

import ch.srsconnect.shared.ra.RaEvidence;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The can-sign check through Smart Flows instead of the RA lookup ({@code LookupSource=smartflows}), for an SP with
 * Smart Flows but no RA access: the user can sign when the evidence status says Mobile ID or password+OTP and no T&amp;C
 * link is pending (Smart Flows answers 404 for the link once they are accepted). A serial mismatch is passed on as
 * evidence found, so that the signing-status check ends it as re-identify instead of waiting for the deadline.
 * Assumed: that "MID/SAS and nothing to accept" means what the RA lookup's 200 means (docs/swisscom-contract.md).
 */
public final class SmartFlowsLookup {
    private final SmartFlowsClient smartFlows;
    private final Clock clock;
    /** The status behind each evidence {@link #lookup} returned, until {@link #signingStatus} takes it. */
    private final Map<String, EvidenceStatus> behindEvidence = new ConcurrentHashMap<>();

    public SmartFlowsLookup(SmartFlowsClient smartFlows, Clock clock) {
        this.smartFlows = smartFlows;
        this.clock = clock;
    }

    /** As {@code RaClient.lookup}: the evidence if the user can sign now (or must re-identify), else empty. */
    public Optional<RaEvidence> lookup(String msisdn) {
        EvidenceStatus s = smartFlows.evidenceStatus(msisdn);
        SigningStatus.Kind kind = s.notFound() ? SigningStatus.Kind.GET_IDENTIFIED : s.signingStatus().kind();
        if (kind != SigningStatus.Kind.RE_IDENTIFY
                && (kind != SigningStatus.Kind.CAN_SIGN || smartFlows.termsLink(msisdn).isPresent())) {
            return Optional.empty();
        }
        behindEvidence.put(msisdn, s);
        return Optional.of(evidence(s));
    }

    /**
     * The poller's signing-status check after this lookup found evidence: the status the lookup fetched (taken once),
     * else a fresh one. One evidence-status call per lookup, not two.
     */
    public EvidenceStatus signingStatus(String msisdn) {
        EvidenceStatus s = behindEvidence.remove(msisdn);
        return s != null ? s : smartFlows.evidenceStatus(msisdn);
    }

    private RaEvidence evidence(EvidenceStatus s) {
        List<String> jurisdictions = s.levels().stream().map(EvidenceStatus.Level::jurisdiction).distinct().toList();
        Integer loa = s.levels().stream().map(EvidenceStatus.Level::assuranceLevel).max(Integer::compare).orElse(null);
        LocalDate expires = s.loa4ExpiryDate();
        return new RaEvidence(null, loa, jurisdictions, expires, RaEvidence.expiresWithin90Days(expires, LocalDate.now(clock)));
    }
}
