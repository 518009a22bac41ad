package ch.srsconnect.simulator;

import java.util.Objects;

/**
 * Scripted outcome for new orders, for automated tests: matches an order by its mobile number
 * (any spelling: {@code +4179...}, {@code 004179...}, {@code 4179...}) or by the prefix of its
 * {@code externalId}. The outcome happens after the method's usual user time (scaled), or after
 * {@code afterSeconds} real seconds when given.
 */
public record OutcomeRule(String msisdn, String externalIdPrefix, Outcome outcome, String reason, Double afterSeconds) {

    public OutcomeRule {
        Objects.requireNonNull(outcome, "outcome");
        if ((msisdn == null) == (externalIdPrefix == null)) {
            throw new IllegalArgumentException("a rule needs exactly one of msisdn or externalIdPrefix");
        }
        if (msisdn != null) {
            msisdn = Msisdns.normalise(msisdn);
        }
        if (afterSeconds != null && afterSeconds < 0) {
            throw new IllegalArgumentException("afterSeconds must be >= 0");
        }
    }

    public static OutcomeRule forMsisdn(String msisdn, Outcome outcome, String reason) {
        return new OutcomeRule(msisdn, null, outcome, reason, null);
    }

    public static OutcomeRule forExternalIdPrefix(String prefix, Outcome outcome, String reason) {
        return new OutcomeRule(null, prefix, outcome, reason, null);
    }

    public OutcomeRule after(double seconds) {
        return new OutcomeRule(msisdn, externalIdPrefix, outcome, reason, seconds);
    }

    boolean matches(String orderMsisdn, String externalId) {
        if (msisdn != null) {
            return msisdn.equals(orderMsisdn);
        }
        return externalId != null && externalId.startsWith(externalIdPrefix);
    }
}
