package ch.srsconnect.shared.terms;

import ch.srsconnect.shared.json.Json;
import ch.srsconnect.shared.ra.RaEvidence;
import ch.srsconnect.shared.smartflows.EvidenceStatus;
import ch.srsconnect.shared.smartflows.SigningStatus;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Smart Flows' evidence status and the RA lookup merged into one answer (pure; no I/O).
 *
 * <p>Can sign now = Smart Flows says Mobile ID or password+OTP <b>and</b> the RA lookup succeeds (evidence imported
 * and T&C accepted). A registered user whose lookup fails must accept the T&C. Mismatches mean re-identify.
 */
public record EvidenceView(String msisdn, boolean registered, SigningStatus signingStatus, String authenticationMeans,
                           List<EvidenceStatus.Level> levels, LocalDate loa4ExpiresOn, RaEvidence ra, boolean raAsked,
                           boolean canSignNow, boolean expiresWithin90Days, Action nextAction) {

    /** What the SP should do next. */
    public enum Action {
        SIGN("The user can sign now."),
        ACCEPT_TERMS("The user is identified but must accept the terms and conditions: GET /evidence/{msisdn}/terms, then confirm."),
        GET_IDENTIFIED("The number has no usable registration: the user must get identified (POST /identifications)."),
        RE_IDENTIFY("The registration no longer matches the user's authentication means (password reset or Mobile ID"
                + " re-activated): the user must identify again."),
        CHECK_LATER("Swisscom gave no clear answer for this number; check again later.");

        private final String explanation;

        Action(String explanation) {
            this.explanation = explanation;
        }

        public String explanation() {
            return explanation;
        }
    }

    /** Days before expiry from which {@code expiresWithin90Days} is true. */
    public static final int RENEWAL_DAYS = 90;

    /** Whether the RA should be asked at all: only for numbers Smart Flows knows and that are not mismatched. */
    public static boolean worthLookingUp(EvidenceStatus sf) {
        SigningStatus.Kind k = sf.signingStatus().kind();
        return !sf.notFound() && (k == SigningStatus.Kind.CAN_SIGN || k == SigningStatus.Kind.UNKNOWN);
    }

    /**
     * @param ra RA lookup result: {@code null} if not asked, empty if RA said "no usable evidence"
     */
    public static EvidenceView merge(String msisdn, EvidenceStatus sf, Optional<RaEvidence> ra, LocalDate today) {
        SigningStatus st = sf.signingStatus();
        boolean raAsked = ra != null;
        RaEvidence evidence = ra == null ? null : ra.orElse(null);
        Action action;
        boolean canSign = false;
        switch (st.kind()) {
            case GET_IDENTIFIED -> action = Action.GET_IDENTIFIED;
            case RE_IDENTIFY -> action = Action.RE_IDENTIFY;
            case CAN_SIGN -> {
                if (!raAsked || evidence != null) {
                    canSign = evidence != null;
                    action = evidence != null ? Action.SIGN : Action.CHECK_LATER;
                } else {
                    action = Action.ACCEPT_TERMS;
                }
            }
            default -> {
                canSign = evidence != null;
                action = canSign ? Action.SIGN : sf.notFound() ? Action.GET_IDENTIFIED : Action.CHECK_LATER;
            }
        }
        boolean registered = !sf.notFound() && st.kind() != SigningStatus.Kind.GET_IDENTIFIED;
        LocalDate horizon = today.plusDays(RENEWAL_DAYS);
        boolean soon;
        if (evidence != null) {
            soon = evidence.expiresWithin90Days();
        } else {
            LocalDate loa4 = sf.loa4ExpiryDate();
            soon = registered && loa4 != null && !loa4.isAfter(horizon);
        }
        return new EvidenceView(msisdn, registered, st, st.authenticationMeans(), sf.levels(), sf.loa4ExpiryDate(), evidence,
                raAsked, canSign, soon, action);
    }

    public ObjectNode toJson() {
        ObjectNode n = Json.object();
        n.put("msisdn", msisdn);
        n.put("registered", registered);
        n.put("canSignNow", canSignNow);
        n.put("signingStatus", signingStatus.name());
        n.put("authenticationMeans", authenticationMeans);
        ArrayNode js = n.putArray("jurisdictions");
        levels.stream().sorted(Comparator.comparing(EvidenceStatus.Level::jurisdiction).reversed())
                .forEach(l -> js.addObject().put("jurisdiction", l.jurisdiction()).put("loa", l.assuranceLevel()));
        n.put("loa4ExpiresOn", loa4ExpiresOn == null ? null : loa4ExpiresOn.toString());
        n.put("expiresWithin90Days", expiresWithin90Days);
        if (!raAsked) {
            n.putNull("termsAccepted");
        } else {
            n.put("termsAccepted", ra != null);
        }
        if (ra != null) {
            ObjectNode e = n.putObject("evidence");
            e.put("evidenceId", ra.evidenceId());
            if (ra.assuranceLevel() == null) {
                e.putNull("assuranceLevel");
            } else {
                e.put("assuranceLevel", ra.assuranceLevel().intValue());
            }
            ArrayNode rj = e.putArray("jurisdictions");
            ra.jurisdictions().forEach(rj::add);
            e.put("expiresOn", ra.expiresOn() == null ? null : ra.expiresOn().toString());
        } else {
            n.putNull("evidence");
        }
        n.put("nextAction", nextAction.name());
        n.put("explanation", nextAction.explanation());
        return n;
    }
}
