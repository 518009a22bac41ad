package ch.srsconnect.shared.catalogue;

/** Whether and how the same target URL may be used again. {@link #text()} is English, for developers. */
public enum RetryRule {
    REUSABLE_UNTIL_CANCELLED("The same target URL can be used again (e.g. after a lost connection) until the order is cancelled."),
    REUSABLE_UNTIL_NEGATIVE("The same target URL can be used again until the identification is negatively conducted."),
    REUSABLE_WITHIN_SESSION("The same target URL can be used again a limited number of times within the session."),
    REUSABLE_UNTIL_FINAL("The same target URL can be used again a limited number of times until the identification ends in error, negatively conducted or timeout."),
    REUSABLE_AFTER_ABORTED("After status aborted the user may retry with the same target URL; after canceled or error a new order is needed."),
    NEW_ORDER_ON_FAILURE("The guide gives no reuse rule: after any failure place a new order."),
    FORM_DRIVEN("Test method: the target URL opens a form where the tester chooses the outcome.");

    private final String text;

    RetryRule(String text) {
        this.text = text;
    }

    public String text() {
        return text;
    }
}
