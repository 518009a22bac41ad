package ch.srsconnect.shared.smartflows;

import java.net.URI;

/**
 * Smart Flows' T&C acceptance status ({@code /api/public/mobileid/status}).
 *
 * @param confirmed  the user accepted the T&C (both jurisdictions asked for)
 * @param downgrade  the user accepted with a downgrade (not every jurisdiction)
 * @param consentUrl set while a password+OTP user must confirm in that page (iframe)
 * @param error      Smart Flows' error text, if any (not shown to callers verbatim)
 */
public record TermsStatus(boolean confirmed, boolean downgrade, URI consentUrl, String error) {

    /** Done: confirmed or downgraded. */
    public boolean done() {
        return confirmed || downgrade;
    }
}
