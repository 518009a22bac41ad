package ch.srsconnect.local.events;

import ch.srsconnect.local.gateway.Invoker;
import ch.srsconnect.local.lambda.InvocationResult;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code Schedule} event: {@code rate(N minute|minutes|hour|hours|day|days)} fires every period divided by the
 * time scale, with an EventBridge "Scheduled Event" (or the template's {@code Input}). The first firing is one
 * period after start, as for a new rule. {@code cron(...)} is not supported (rejected by {@link #parseRate}).
 */
public final class ScheduleSource implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern RATE = Pattern.compile("rate\\(\\s*(\\d+)\\s+(minute|minutes|hour|hours|day|days)\\s*\\)");

    private final ScheduledExecutorService timer;
    private final AtomicLong fired = new AtomicLong();
    private final Duration period;

    public ScheduleSource(String name, String expression, double timeScale, String input, String ruleArn, String account,
                          String region, Invoker function, Consumer<String> log) {
        Duration rate = parseRate(expression);
        this.period = Duration.ofNanos(Math.max(1_000_000L, (long) (rate.toNanos() / timeScale)));
        this.timer = Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("schedule-" + name).factory());
        timer.scheduleAtFixedRate(() -> {
            fired.incrementAndGet();
            byte[] event;
            if (input != null) {
                event = input.getBytes(StandardCharsets.UTF_8);
            } else {
                ObjectNode e = JSON.createObjectNode();
                e.put("version", "0");
                e.put("id", UUID.randomUUID().toString());
                e.put("detail-type", "Scheduled Event");
                e.put("source", "aws.events");
                e.put("account", account);
                e.put("time", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
                e.put("region", region);
                e.putArray("resources").add(ruleArn);
                e.putObject("detail");
                event = e.toString().getBytes(StandardCharsets.UTF_8);
            }
            InvocationResult r = function.invoke(event).join();
            if (r.error()) log.accept(name + ": scheduled invocation failed: " + r.errorType() + " " + r.payloadText());
        }, period.toNanos(), period.toNanos(), TimeUnit.NANOSECONDS);
    }

    public static Duration parseRate(String expression) {
        Matcher m = RATE.matcher(expression.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("schedule " + expression + ": only rate(N minutes|hours|days) is emulated locally");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "minute", "minutes" -> Duration.ofMinutes(n);
            case "hour", "hours" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }

    /** The local period (rate / time scale). */
    public Duration period() {
        return period;
    }

    public long fired() {
        return fired.get();
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
