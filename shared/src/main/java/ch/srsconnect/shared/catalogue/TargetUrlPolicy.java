package ch.srsconnect.shared.catalogue;

import java.time.Duration;

/**
 * Lifetime and reuse of a method's target URL.
 *
 * @param validUnused        how long an unused target URL stays valid (status created/initialized); null when the
 *                           guide gives no limit (valid until cancelled, see {@code retryRule})
 * @param sessionAfterStart  how long the process may take once the user started it; null if not documented
 * @param maxRetries         how many times the same URL may be used again ("can be used again 5 Times", "can retry
 *                           5 times"; whether that means 5 or 6 uses in all the guide leaves open); null if not
 *                           limited / not documented
 * @param retryRule          what to do after a failure or a lost connection
 * @param approxLength       typical URL length when notably long (Klarna ~700 characters), else null
 * @param useVerbatim        never truncate or re-encode the URL (all URLs should be passed on verbatim; this flag
 *                           marks the methods where the guide insists)
 */
public record TargetUrlPolicy(Duration validUnused, Duration sessionAfterStart, Integer maxRetries, RetryRule retryRule,
                              Integer approxLength, boolean useVerbatim) {

    public static TargetUrlPolicy of(Duration validUnused, Duration sessionAfterStart, Integer maxRetries,
                                     RetryRule retryRule) {
        return new TargetUrlPolicy(validUnused, sessionAfterStart, maxRetries, retryRule, null, false);
    }
}
