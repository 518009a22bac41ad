package ch.srsconnect.shared.terms;

import ch.srsconnect.shared.api.FieldError;
import ch.srsconnect.shared.config.Config;
import ch.srsconnect.shared.config.EnvVar;

import java.util.Optional;

/**
 * Issue 5 item 4: {@code silentSms} ({@code disabledSmsAlerts} at SRS: no T&C SMS) on {@code POST /identifications}
 * is accepted only when the SP runs the T&C flow through this product ({@code TERMS_FLOW_ENABLED=true});
 * otherwise the user would never be asked to accept the T&C and could never sign.
 */
public final class SilentSms {
    public static final String FIELD = "silentSms";

    private SilentSms() {}

    public static boolean termsFlowEnabled(Config config) {
        return config.flag(EnvVar.TERMS_FLOW_ENABLED, EnvVar.DEFAULT_TERMS_FLOW_ENABLED);
    }

    /** The field error to report for a request asking for {@code silentSms}, if it is not allowed. */
    public static Optional<FieldError> check(boolean silentSmsRequested, boolean termsFlowEnabled) {
        if (silentSmsRequested && !termsFlowEnabled) {
            return Optional.of(new FieldError(FIELD, "silentSms needs the T&C flow of this API (TERMS_FLOW_ENABLED=true):"
                    + " without the SMS the user must accept the terms through GET /evidence/{msisdn}/terms"));
        }
        return Optional.empty();
    }
}
