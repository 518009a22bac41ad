package ch.srsconnect.shared.identification;

import java.util.Locale;

/**
 * The identification statuses SRS documents (srs-api.md §4), with their meaning for the Service Provider.
 *
 * <p>Terminal means the SRS status can no longer change. {@code aborted} is deliberately not terminal:
 * SRS allows the user to retry with the same target URL, so the status may still move on; the poll
 * plan decides how long to keep watching. {@code terminated} is terminal at SRS but not the end of
 * tracking: the RA lookup phase follows.
 */
public enum KnownStatus {
    CREATED(false, NextAction.WAIT_FOR_TARGET_URL),
    INITIALIZED(false, NextAction.SEND_USER_TO_TARGET_URL),
    IDENTIFICATION_DONE(false, NextAction.WAIT),
    DATA_READY(false, NextAction.WAIT),
    TERMINATED(true, NextAction.CHECK_TERMS),
    ABORTED(false, NextAction.OFFER_RETRY_SAME_URL),
    ERROR(true, NextAction.NEW_ORDER),
    NEGATIVELY_CONDUCTED(true, NextAction.CHECK_REASON_THEN_NEW_ORDER),
    TIMEOUT(true, NextAction.NEW_ORDER),
    CANCELED(true, NextAction.NEW_ORDER);

    private final boolean terminal;
    private final NextAction nextAction;

    KnownStatus(boolean terminal, NextAction nextAction) {
        this.terminal = terminal;
        this.nextAction = nextAction;
    }

    /** Canonical spelling: lower case with underscores, e.g. {@code negatively_conducted}. */
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean isTerminal() {
        return terminal;
    }

    /** Terminal and not a success: the order is over without evidence. */
    public boolean isFailure() {
        return terminal && this != TERMINATED;
    }

    public NextAction nextAction() {
        return nextAction;
    }
}
