package ch.srsconnect.shared.catalogue;

/** Rules for the initial data of a method, from the guide's appendices. {@link #text()} is English, for developers. */
public enum DataRule {
    NO_TITLES("Do not put titles (Dr., Prof., ...) in the name fields."),
    NO_PUNCTUATION("No punctuation or special characters (\"'\", \"etc.\") in the name fields: it ends in a negatively conducted identification."),
    LAST_NAME_FOR_MOBILE_APP("Send at least lastName, or the user can only use the browser flow, not the mobile app."),
    MATCH_ID_DOCUMENT("Data sent must match the ID document; it is verified by an agent (small typos are corrected)."),
    MATCH_ID_DOCUMENT_EXACTLY("Data sent must match the ID document exactly; an error in lastName makes the identification negative. lastName and at least one given name suffice."),
    MATCH_BANK_ACCOUNT("Mandatory data must match the personal data of the user's bank account."),
    MATCH_NPA("Mandatory data must match the data on the German ID card (nPA)."),
    EMPTY_PAYLOAD_RECOMMENDED("No matching is done: send no initial data (empty payload).");

    private final String text;

    DataRule(String text) {
        this.text = text;
    }

    public String text() {
        return text;
    }
}
