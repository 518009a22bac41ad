package ch.srsconnect.shared.polling;

import ch.srsconnect.shared.config.Config;
import ch.srsconnect.shared.config.ConfigException;
import ch.srsconnect.shared.config.EnvVar;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Objects;

/**
 * Infrastructure settings of the polling engine (env vars, see docs/development.md). Plan durations come
 * from the catalogue ({@link PollPlan}); {@code timeScale} divides them (and only them) so that the
 * time-compressed simulator and the engine agree: 60 means a simulated minute passes in a real second.
 *
 * @param shards            partitions of the due-poll index the scheduler queries ({@code POLL_SHARDS})
 * @param tick              the scheduler's rate: it sends what is due within one tick ({@code POLL_TICK_SECONDS})
 * @param lease             how long a sent message owns its item before the scheduler re-sends ({@code POLL_LEASE_SECONDS})
 * @param maxItemsPerTick   bounded scheduler work; the rest waits for the next tick ({@code POLL_MAX_ITEMS_PER_TICK})
 * @param maxSelfDelay      waits up to this long are re-sent by the worker itself (SQS allows 15 minutes)
 * @param trackingLimit     deadline of the STATUS phase for methods whose target URL never expires ({@code POLL_TRACKING_LIMIT_HOURS})
 * @param lookupDeadline    how long the LOOKUP phase waits for the T&amp;C after {@code terminated} ({@code POLL_LOOKUP_DEADLINE_MINUTES})
 * @param maxReceiveCount   the queue's redrive maxReceiveCount: the delivery that fails for the last time is counted as poison
 * @param timeScale         divides plan durations ({@code POLL_TIME_SCALE}, 1 in AWS)
 * @param naive             benchmark switch: poll every 30 s (scaled) whatever the method and status ({@code POLL_POLICY=naive})
 * @param intervalFactor    benchmark switch: the plans' repeat intervals times this ({@code POLL_POLICY=planned:0.5}; 1 in AWS)
 */
public record PollSettings(int shards, Duration tick, Duration lease, int maxItemsPerTick, Duration maxSelfDelay,
                           Duration trackingLimit, Duration lookupDeadline, int maxReceiveCount, double timeScale,
                           boolean naive, double intervalFactor) {

    public static final String POLL_QUEUE_URL = EnvVar.POLL_QUEUE_URL;
    public static final String POLL_SHARDS = EnvVar.POLL_SHARDS;
    public static final String POLL_TICK_SECONDS = EnvVar.POLL_TICK_SECONDS;
    public static final String POLL_LEASE_SECONDS = EnvVar.POLL_LEASE_SECONDS;
    public static final String POLL_MAX_ITEMS_PER_TICK = EnvVar.POLL_MAX_ITEMS_PER_TICK;
    public static final String POLL_TRACKING_LIMIT_HOURS = EnvVar.POLL_TRACKING_LIMIT_HOURS;
    public static final String POLL_LOOKUP_DEADLINE_MINUTES = EnvVar.POLL_LOOKUP_DEADLINE_MINUTES;
    public static final String POLL_MAX_RECEIVE_COUNT = EnvVar.POLL_MAX_RECEIVE_COUNT;
    public static final String POLL_TIME_SCALE = EnvVar.POLL_TIME_SCALE;
    public static final String POLL_POLICY = EnvVar.POLL_POLICY;
    public static final String STATUS_EVENT_BUS_NAME = EnvVar.STATUS_EVENT_BUS_NAME;
    public static final String STATUS_EVENT_SOURCE = EnvVar.STATUS_EVENT_SOURCE;

    /** SQS's maximum DelaySeconds. */
    public static final Duration SQS_MAX_DELAY = Duration.ofMinutes(15);
    /** The naive policy's interval (before scaling). */
    public static final Duration NAIVE_INTERVAL = Duration.ofSeconds(30);

    public PollSettings {
        Objects.requireNonNull(tick, "tick");
        Objects.requireNonNull(lease, "lease");
        if (shards < 1 || maxItemsPerTick < 1 || maxReceiveCount < 1 || !(timeScale > 0) || !(intervalFactor > 0)) {
            throw new IllegalArgumentException("shards, maxItemsPerTick, maxReceiveCount, timeScale and intervalFactor must be positive");
        }
        if (maxSelfDelay.compareTo(SQS_MAX_DELAY) > 0) {
            throw new IllegalArgumentException("maxSelfDelay cannot exceed SQS's 15 minutes");
        }
        if (lease.compareTo(tick) <= 0) {
            throw new IllegalArgumentException("the lease must be longer than the tick, or the scheduler re-sends messages in flight");
        }
    }

    public static PollSettings defaults() {
        return new PollSettings(4, Duration.ofMinutes(1), Duration.ofMinutes(5), 1000, SQS_MAX_DELAY,
                Duration.ofDays(30), Duration.ofDays(7), 5, 1.0, false, 1.0);
    }

    public static PollSettings fromConfig(Config c) {
        PollSettings d = defaults();
        String scale = c.string(POLL_TIME_SCALE, "1");
        String policy = c.string(POLL_POLICY, "planned").trim().toLowerCase(Locale.ROOT);
        return new PollSettings(
                c.integer(POLL_SHARDS, d.shards()),
                c.duration(POLL_TICK_SECONDS, ChronoUnit.SECONDS, d.tick().toSeconds()),
                c.duration(POLL_LEASE_SECONDS, ChronoUnit.SECONDS, d.lease().toSeconds()),
                c.integer(POLL_MAX_ITEMS_PER_TICK, d.maxItemsPerTick()),
                d.maxSelfDelay(),
                c.duration(POLL_TRACKING_LIMIT_HOURS, ChronoUnit.HOURS, d.trackingLimit().toHours()),
                c.duration(POLL_LOOKUP_DEADLINE_MINUTES, ChronoUnit.MINUTES, d.lookupDeadline().toMinutes()),
                c.integer(POLL_MAX_RECEIVE_COUNT, d.maxReceiveCount()),
                Double.parseDouble(scale),
                policy.equals("naive"),
                intervalFactor(policy));
    }

    /** {@code planned} is 1; {@code planned:F} is F (the polling benchmark's trade-off curve). */
    static double intervalFactor(String policy) {
        if (policy.equals("planned") || policy.equals("naive")) {
            return 1.0;
        }
        if (policy.startsWith("planned:")) {
            try {
                double f = Double.parseDouble(policy.substring("planned:".length()));
                if (f > 0) {
                    return f;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        throw new ConfigException(POLL_POLICY, "must be planned, naive or planned:<factor above 0>, not " + policy);
    }

    /** A plan duration in real time. */
    public Duration scaled(Duration planned) {
        if (timeScale == 1.0) {
            return planned;
        }
        return Duration.ofMillis(Math.round(planned.toMillis() / timeScale));
    }
}
