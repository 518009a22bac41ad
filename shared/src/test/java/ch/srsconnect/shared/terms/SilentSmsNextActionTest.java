package ch.srsconnect.shared.terms;

import ch.srsconnect.shared.identification.Identification;
import ch.srsconnect.shared.identification.IdentificationStatus;
import ch.srsconnect.shared.identification.NextAction;
import ch.srsconnect.shared.polling.Tracking;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SilentSmsNextActionTest {
    private static final Instant T = Instant.parse("2026-11-22T10:00:00Z");

    private static Identification terminated(Boolean silentSms, Boolean canSign) {
        return Identification.builder().id("i-1").owner("sp").msisdn("+41791234567").issuer("test").method("video")
                .status(IdentificationStatus.TERMINATED).createdAt(T).updatedAt(T).expiresAt(T.plusSeconds(3600))
                .silentSms(silentSms).canSign(canSign).build();
    }

    @Test
    void aSilentSmsOrderAtTerminatedAsksForTheTermsHere() {
        assertEquals(NextAction.ACCEPT_TERMS_HERE, terminated(true, null).nextAction());
        assertEquals(NextAction.ACCEPT_TERMS_HERE, terminated(true, false).nextAction());
        assertEquals(NextAction.ACCEPT_TERMS_HERE, Tracking.recommendedAction(terminated(true, false)));
        assertEquals(NextAction.READY_TO_SIGN, terminated(true, true).nextAction(), "once the lookup succeeded");
    }

    @Test
    void ordinaryOrdersWaitForTheSms() {
        assertEquals(NextAction.CHECK_TERMS, terminated(null, null).nextAction());
        assertEquals(NextAction.CHECK_TERMS, terminated(false, null).nextAction());
        assertEquals(NextAction.CHECK_TERMS, Tracking.recommendedAction(terminated(null, false)));
        Identification initialized = terminated(true, null).toBuilder().status(IdentificationStatus.INITIALIZED).build();
        assertEquals(NextAction.SEND_USER_TO_TARGET_URL, initialized.nextAction(), "before terminated nothing changes");
    }
}
