package ch.srsconnect.shared.catalogue;

/** How the end user accepts Swisscom's Terms and Conditions after the identification. */
public enum TermsMode {
    /**
     * SRS sends an SMS with a T&amp;C link. With {@code disabledSmsAlerts} ("silent SMS", guide §6.3) the SP
     * drives T&amp;C acceptance through Smart Flows instead.
     */
    SMS,
    /** Accepted inside the IPSP's app during the identification (Nect): no SMS, no Smart Flows step. */
    IN_APP,
    /** The guide names no T&amp;C step (mock method, v1.4 Authada): confirm by lookup. */
    UNSPECIFIED;

    /** Whether the SP may run T&amp;C through Smart Flows (silent SMS) for this mode. */
    public boolean smartFlowsPossible() {
        return this == SMS;
    }
}
