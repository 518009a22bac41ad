package ch.srsconnect.shared.contract;

import ch.srsconnect.shared.config.Config;
import ch.srsconnect.shared.config.EnvVar;
import java.util.Locale;

/**
 * How the RA lookup authenticates ({@code RA_AUTH}, template parameter {@code RaAuth}; decision 0052). Assumed, not
 * documented: Swisscom's public samples call the lookup without a token and ship an mTLS setup.
 */
public enum RaAuth {
    /** TLS client certificate: the SP's AIS certificate and key from {@code RA_CLIENT_CERTIFICATE_SECRET_ID}. Default. */
    MTLS,
    /** {@code Authorization: Bearer} with the SRS token (scope {@code miss}). */
    BEARER,
    /** Neither (a network-level allow list). */
    NONE;

    public static final RaAuth DEFAULT = MTLS;

    public static RaAuth fromConfig(Config config) {
        return SwisscomContract.oneOf(values(), config, EnvVar.RA_AUTH, DEFAULT);
    }

    /** As configured: {@code mtls}, {@code bearer}, {@code none}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
