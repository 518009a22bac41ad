package ch.srsconnect.shared.polling;

import ch.srsconnect.shared.identification.NextAction;
import ch.srsconnect.shared.identification.Phase;
import java.time.Instant;

/**
 * One change the SP hears about (event {@code Identification Status Changed}). No personal data: no msisdn,
 * no names, no target URL, no SRS reason text.
 *
 * @param changeId          stable per change ({@code <id>:STATUS:<history index>}, {@code <id>:CAN_SIGN},
 *                          {@code <id>:DEADLINE}): events are delivered at least once, consumers dedupe on it
 * @param kind              STATUS (a new SRS status), CAN_SIGN (lookup succeeded), DEADLINE (tracking gave up),
 *                          TRACKING_FAILED (Swisscom kept refusing to report on it: tracking ended),
 *                          RE_IDENTIFY (RA found the evidence but Smart Flows reports a serial mismatch: tracking ended)
 * @param statusDate        SRS's date of the new status (STATUS changes), else null
 */
public record StatusChange(String changeId, Kind kind, String id, String owner, String refId, String issuer,
                           String method, String oldStatus, String newStatus, Instant statusDate, Phase phase,
                           Boolean canSign, NextAction recommendedAction) {

    public enum Kind { STATUS, CAN_SIGN, DEADLINE, TRACKING_FAILED, RE_IDENTIFY }
}
