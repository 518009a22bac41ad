package ch.srsconnect.shared.phone;

import ch.srsconnect.shared.config.Config;
import ch.srsconnect.shared.config.EnvVar;

import java.time.Duration;
import java.time.temporal.ChronoUnit;

/**
 * Limits of phone verification (all configuration, see docs/development.md).
 *
 * @param codeValidity      how long a sent OTP may be checked
 * @param maxAttempts       checks per verification (wrong codes) before it is exhausted
 * @param rateWindow        window of the send limits
 * @param maxSendsPerMsisdn OTPs sent to one number per window, whoever asks (protects the user from SMS floods)
 * @param maxSendsPerCaller OTPs one caller may have sent per window (all numbers)
 * @param proofValidity     how long a verified number counts as "proved recently" for its caller
 */
public record PhoneSettings(Duration codeValidity, int maxAttempts, Duration rateWindow, int maxSendsPerMsisdn,
                            int maxSendsPerCaller, Duration proofValidity) {

    public static final PhoneSettings DEFAULTS = new PhoneSettings(
            Duration.ofSeconds(EnvVar.DEFAULT_PHONE_OTP_VALIDITY_SECONDS), EnvVar.DEFAULT_PHONE_OTP_MAX_ATTEMPTS,
            Duration.ofSeconds(EnvVar.DEFAULT_PHONE_OTP_RATE_WINDOW_SECONDS), EnvVar.DEFAULT_PHONE_OTP_MAX_PER_MSISDN,
            EnvVar.DEFAULT_PHONE_OTP_MAX_PER_CALLER, Duration.ofSeconds(EnvVar.DEFAULT_PHONE_PROOF_VALIDITY_SECONDS));

    public PhoneSettings {
        if (codeValidity.isZero() || rateWindow.isZero() || proofValidity.isZero()) {
            throw new IllegalArgumentException("phone verification durations must be positive");
        }
        if (maxAttempts < 1 || maxSendsPerMsisdn < 1 || maxSendsPerCaller < 1) {
            throw new IllegalArgumentException("phone verification limits must be at least 1");
        }
    }

    public static PhoneSettings fromConfig(Config c) {
        return new PhoneSettings(
                c.duration(EnvVar.PHONE_OTP_VALIDITY_SECONDS, ChronoUnit.SECONDS, EnvVar.DEFAULT_PHONE_OTP_VALIDITY_SECONDS),
                c.integer(EnvVar.PHONE_OTP_MAX_ATTEMPTS, EnvVar.DEFAULT_PHONE_OTP_MAX_ATTEMPTS),
                c.duration(EnvVar.PHONE_OTP_RATE_WINDOW_SECONDS, ChronoUnit.SECONDS, EnvVar.DEFAULT_PHONE_OTP_RATE_WINDOW_SECONDS),
                c.integer(EnvVar.PHONE_OTP_MAX_PER_MSISDN, EnvVar.DEFAULT_PHONE_OTP_MAX_PER_MSISDN),
                c.integer(EnvVar.PHONE_OTP_MAX_PER_CALLER, EnvVar.DEFAULT_PHONE_OTP_MAX_PER_CALLER),
                c.duration(EnvVar.PHONE_PROOF_VALIDITY_SECONDS, ChronoUnit.SECONDS, EnvVar.DEFAULT_PHONE_PROOF_VALIDITY_SECONDS));
    }
}
