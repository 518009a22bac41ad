package ch.srsconnect.shared.polling;

import ch.srsconnect.shared.identification.Identification;
import ch.srsconnect.shared.identification.NextAction;
import ch.srsconnect.shared.identification.Phase;
import ch.srsconnect.shared.ra.RaEvidence;
import ch.srsconnect.shared.smartflows.SigningStatus;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;

/** What an SP sees of the tracking state ({@code GET /identifications/{id}} embeds {@link #view}). */
public final class Tracking {
    private Tracking() {
    }

    /**
     * The recommended action: ready to sign once the lookup said so; a new order when tracking ended before
     * SRS reached a terminal status (the target URL's lifetime passed); otherwise by status.
     */
    public static NextAction recommendedAction(Identification i) {
        if (Boolean.TRUE.equals(i.canSign())) {
            return NextAction.READY_TO_SIGN;
        }
        if (i.trackingFailed()) {
            return NextAction.CONTACT_SUPPORT;
        }
        if (i.phase() == Phase.DONE && !i.status().isTerminal()) {
            return NextAction.NEW_ORDER;
        }
        return i.nextAction();   // by status; a silent-SMS order at terminated: accept the T&C here
    }

    /**
     * The phase an SP sees: DONE for an identification we canceled whose announcement is still due (the poll worker
     * publishes the change and ends it within a tick; SRS is not asked again).
     */
    public static Phase shownPhase(Identification i) {
        return i.phase() == Phase.STATUS && i.status().isFailure() ? Phase.DONE : i.phase();
    }

    /**
     * Why {@code canSign} is true: {@code RA_LOOKUP} (the RA found the evidence with T&C accepted), or
     * {@code SRS_TERMINATED_SELFIE_IDENT} (Selfie Ident without any number: the guide says terminated means the user can
     * sign, and there is no number to confirm it with at the RA); null while {@code canSign} is not true.
     */
    static String canSignBasis(Identification i) {
        if (!Boolean.TRUE.equals(i.canSign())) return null;
        if (i.msisdn() == null) return "SRS_TERMINATED_SELFIE_IDENT";
        boolean confirmed = i.signingStatus() != null && SigningStatus.parse(i.signingStatus()).kind() == SigningStatus.Kind.CAN_SIGN;
        return confirmed ? "RA_LOOKUP_AND_SMART_FLOWS" : "RA_LOOKUP";
    }

    /**
     * Tracking fields for an API answer: {@code phase}, {@code canSign}, {@code canSignBasis}, {@code trackingFailed},
     * {@code signingStatus} (Smart Flows' answer when it confirmed can-sign), {@code evidenceExpiresOn},
     * {@code evidenceExpiresWithin90Days}, {@code nextCheckAt} (ISO-8601; absent once tracking ended),
     * {@code recommendedAction}.
     */
    public static Map<String, Object> view(Identification i, Instant now) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("phase", shownPhase(i).name());
        m.put("canSign", i.canSign());
        m.put("canSignBasis", canSignBasis(i));
        m.put("trackingFailed", i.trackingFailed());
        m.put("signingStatus", i.signingStatus());
        m.put("evidenceExpiresOn", i.evidenceExpiresOn() == null ? null : i.evidenceExpiresOn().toString());
        m.put("evidenceExpiresWithin90Days", i.evidenceExpiresOn() == null ? null
                : RaEvidence.expiresWithin90Days(i.evidenceExpiresOn(), LocalDate.ofInstant(now, ZoneOffset.UTC)));
        m.put("nextCheckAt", i.nextPollAt() == null || shownPhase(i) == Phase.DONE ? null : i.nextPollAt().toString());
        NextAction a = recommendedAction(i);
        m.put("recommendedAction", a.name());
        m.put("recommendedActionText", a.explanation());
        return m;
    }
}
