package ch.srsconnect.polling;

import ch.srsconnect.shared.Platform;
import ch.srsconnect.shared.log.LogContext;
import ch.srsconnect.shared.polling.PollScheduler;
import ch.srsconnect.shared.polling.Polling;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * EventBridge schedule ({@code rate(1 minute)} by default): sends the polls due within the next tick to the
 * poll queue. The scheduled event's content is not needed (the run uses its own clock), so it is taken as a
 * plain map: no joda-time on the class path. Returns what the run did (visible in the invocation result).
 *
 * <p>Reads (template.yaml): {@code IDENTIFICATION_TABLE_NAME}, {@code POLL_QUEUE_URL}, {@code POLL_SHARDS},
 * {@code POLL_TICK_SECONDS}, {@code POLL_LEASE_SECONDS}, {@code POLL_MAX_ITEMS_PER_TICK}.
 */
public final class PollSchedulerHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    private final PollScheduler scheduler;

    /** Lambda's constructor: once per container. */
    public PollSchedulerHandler() {
        this(Polling.scheduler(Platform.fromEnv(), Clock.systemUTC()));
    }

    public PollSchedulerHandler(PollScheduler scheduler) {
        this.scheduler = Objects.requireNonNull(scheduler);
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        LogContext.begin(context);
        try {
            PollScheduler.TickResult r = scheduler.tick();
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("read", r.read());
            out.put("leased", r.leased());
            out.put("lostLease", r.lostLease());
            out.put("sendFailures", r.sendFailures());
            out.put("more", r.more());
            return out;
        } finally {
            LogContext.clearRequestId();
        }
    }
}
