package ch.srsconnect.shared.polling;

import ch.srsconnect.shared.catalogue.Catalogue;
import ch.srsconnect.shared.catalogue.CatalogueEntry;
import ch.srsconnect.shared.catalogue.FirstCheck;
import ch.srsconnect.shared.catalogue.TargetUrlPolicy;
import java.time.Duration;
import java.util.Objects;

/**
 * How one method is polled, in catalogue (unscaled) time. Pure data, derived from the catalogue by
 * {@link #forMethod}.
 *
 * <ul>
 *   <li>STATUS phase: first check {@code firstCheck} after the order; while the user has not finished
 *       (created, initialized, aborted, unknown): every {@code active} until {@code window} after the order (the end
 *       of the method's typical duration), then half the time since the window's end, at least {@code waiting},
 *       at most {@code waitingCeiling} (a user who has not started for an hour is checked every 15 minutes);
 *       once the user finished (identification_done, data_ready) every {@code active} × 2<sup>n</sup> up to
 *       {@code activeCeiling}; n counts polls since the last status change. Deadline: {@code statusDeadline}
 *       after the order (the target URL's lifetime, else the tracking limit).</li>
 *   <li>LOOKUP phase: first lookup {@code lookupFirst} after {@code terminated}, then {@code lookupInterval}
 *       × 2<sup>n</sup> up to {@code lookupCeiling}, until the user can sign or {@code lookupDeadline} passed.</li>
 * </ul>
 */
public record PollPlan(String method, Duration firstCheck, Duration window, Duration waiting, Duration waitingCeiling, Duration active,
                       Duration activeCeiling, Duration statusDeadline, Duration lookupFirst, Duration lookupInterval,
                       Duration lookupCeiling, Duration lookupDeadline, boolean canSignWhenTerminated) {

    static final Duration MIN_INTERVAL = Duration.ofSeconds(30);
    static final Duration WAITING_CEILING = Duration.ofMinutes(15);
    static final Duration LOOKUP_INTERVAL = Duration.ofMinutes(1);
    static final Duration LOOKUP_CEILING = Duration.ofMinutes(30);
    /** First STATUS check when the catalogue anchors its timing at {@code terminated} or gives none. */
    static final Duration SHORT_FIRST_CHECK = Duration.ofMinutes(1);
    /** End of the typical duration when the catalogue gives none for the user's part. */
    static final Duration DEFAULT_WINDOW = Duration.ofMinutes(5);

    public PollPlan {
        Objects.requireNonNull(method, "method");
    }

    /** The plan for SRS's (issuer, method); unknown methods get the conservative defaults. */
    public static PollPlan forMethod(String issuer, String method, PollSettings settings) {
        return Catalogue.find(issuer, method)
                .map(e -> forEntry(e, settings))
                .orElseGet(() -> defaults(issuer + "/" + method, settings));
    }

    public static PollPlan forEntry(CatalogueEntry e, PollSettings settings) {
        FirstCheck fc = e.firstCheck();
        Duration first;
        Duration active;
        Duration activeCeiling;
        Duration lookupFirst;
        Duration window;
        if (fc == null) {
            first = SHORT_FIRST_CHECK;
            window = DEFAULT_WINDOW;
            active = MIN_INTERVAL;
            activeCeiling = Duration.ofMinutes(5);
            lookupFirst = Duration.ZERO;
        } else if (fc.anchor() == FirstCheck.Anchor.TERMINATED) {
            // Bank/eID: the user's part is short; the evidence follows terminated by min..max.
            first = SHORT_FIRST_CHECK;
            window = DEFAULT_WINDOW;
            active = MIN_INTERVAL;
            activeCeiling = max(MIN_INTERVAL, fc.maxDelay());
            lookupFirst = fc.minDelay();
        } else {
            // The result is expected min..max after the order / the user's start: first check at min,
            // then finer steps (a quarter of the window) up to its end.
            first = fc.minDelay();
            window = fc.maxDelay();
            active = max(MIN_INTERVAL, fc.maxDelay().minus(fc.minDelay()).dividedBy(4));
            activeCeiling = max(active, fc.maxDelay().minus(fc.minDelay()));
            lookupFirst = Duration.ZERO;
        }
        TargetUrlPolicy url = e.targetUrl();
        Duration deadline = url.validUnused() != null ? url.validUnused() : settings.trackingLimit();
        Duration waiting = max(MIN_INTERVAL, first.dividedBy(2));
        return new PollPlan(e.key(), first, window, waiting, max(waiting, WAITING_CEILING), active, activeCeiling, deadline,
                lookupFirst, LOOKUP_INTERVAL, LOOKUP_CEILING, settings.lookupDeadline(), e.canSignWhenTerminated());
    }

    static PollPlan defaults(String key, PollSettings settings) {
        return new PollPlan(key, SHORT_FIRST_CHECK, DEFAULT_WINDOW, MIN_INTERVAL, WAITING_CEILING, MIN_INTERVAL, Duration.ofMinutes(5),
                settings.trackingLimit(), Duration.ZERO, LOOKUP_INTERVAL, LOOKUP_CEILING, settings.lookupDeadline(), false);
    }

    /** The naive benchmark policy: every 30 s whatever happens. Deadlines as planned. */
    public PollPlan naive() {
        Duration n = PollSettings.NAIVE_INTERVAL;
        return new PollPlan(method, n, n, n, n, n, n, statusDeadline, n, n, n, lookupDeadline, canSignWhenTerminated);
    }

    /**
     * This plan with every repeat interval (waiting, active, lookup, and their ceilings) times {@code factor}; first
     * checks and deadlines unchanged. The polling benchmark's trade-off curve ({@code POLL_POLICY=planned:F}).
     */
    public PollPlan withIntervalFactor(double factor) {
        if (factor == 1.0) {
            return this;
        }
        return new PollPlan(method, firstCheck, window, times(waiting, factor), times(waitingCeiling, factor),
                times(active, factor), times(activeCeiling, factor), statusDeadline, lookupFirst,
                times(lookupInterval, factor), times(lookupCeiling, factor), lookupDeadline, canSignWhenTerminated);
    }

    private static Duration times(Duration d, double factor) {
        return Duration.ofMillis(Math.round(d.toMillis() * factor));
    }

    /** {@code base} × 2<sup>n</sup>, at most {@code ceiling}. */
    static Duration backoff(Duration base, Duration ceiling, int n) {
        if (n >= 20 || base.isZero()) {
            return base.isZero() ? Duration.ZERO : ceiling;
        }
        Duration d = base.multipliedBy(1L << n);
        return d.compareTo(ceiling) > 0 ? ceiling : d;
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
