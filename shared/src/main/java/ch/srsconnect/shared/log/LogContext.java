package ch.srsconnect.shared.log;

import ch.srsconnect.shared.config.Config;
import ch.srsconnect.shared.config.EnvVar;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Per-container logging state: level, the current Lambda request id, the output sink and the
 * redaction list. Lambda runs one invocation at a time per container, so the request id is a plain
 * volatile field (it is also seen by threads a handler starts), not a ThreadLocal.
 */
public final class LogContext {
    private static final int MAX_REDACTIONS = 16;

    private static volatile Level level = Level.parse(Config.fromEnv().string(EnvVar.LOG_LEVEL, EnvVar.DEFAULT_LOG_LEVEL), Level.INFO);
    private static volatile String requestId;
    private static volatile Consumer<String> sink = stdoutSink();
    private static final Deque<String> redactions = new ArrayDeque<>();
    private static volatile String[] redactionSnapshot = new String[0];

    private LogContext() {}

    /** {@code System.out} as it is at write time (the Lambda runtime client may redirect it to its log sink). */
    private static Consumer<String> stdoutSink() {
        return line -> System.out.println(line);
    }

    /** Called at the start of every invocation with {@code context.getAwsRequestId()}. */
    public static void setRequestId(String id) {
        requestId = id;
    }

    /** Call first in every handler invocation: sets Lambda's request id for all log lines. */
    public static void begin(com.amazonaws.services.lambda.runtime.Context context) {
        requestId = context == null ? null : context.getAwsRequestId();
    }

    public static void clearRequestId() {
        requestId = null;
    }

    public static String requestId() {
        return requestId;
    }

    public static Level level() {
        return level;
    }

    public static void setLevel(Level newLevel) {
        level = Objects.requireNonNull(newLevel);
    }

    /** Reads {@code LOG_LEVEL} from the given configuration. */
    public static void configure(Config config) {
        level = Level.parse(config.string(EnvVar.LOG_LEVEL, EnvVar.DEFAULT_LOG_LEVEL), Level.INFO);
    }

    public static boolean enabled(Level l) {
        return l.ordinal() >= level.ordinal();
    }

    /** Replaces the output (tests capture lines here). Returns the previous sink. */
    public static Consumer<String> setSink(Consumer<String> newSink) {
        Consumer<String> previous = sink;
        sink = Objects.requireNonNull(newSink);
        return previous;
    }

    /** Restores stdout as the output. */
    public static void resetSink() {
        sink = stdoutSink();
    }

    /**
     * Registers a secret value (token, client secret) that must never appear in output: any log or
     * metric line containing it has it replaced by {@code [REDACTED]}. Defence in depth behind the
     * rule that log calls never receive tokens. Keeps the most recent {@value #MAX_REDACTIONS}.
     */
    public static void redact(String secret) {
        if (secret == null || secret.length() < 6) {
            return; // very short strings would mangle ordinary text; real tokens and secrets are longer
        }
        synchronized (redactions) {
            if (redactions.contains(secret)) {
                return;
            }
            redactions.addFirst(secret);
            while (redactions.size() > MAX_REDACTIONS) {
                redactions.removeLast();
            }
            redactionSnapshot = redactions.toArray(new String[0]);
        }
    }

    static void write(String line) {
        String out = line;
        for (String secret : redactionSnapshot) {
            if (out.contains(secret)) {
                out = out.replace(secret, "[REDACTED]");
            }
        }
        try {
            sink.accept(out);
        } catch (RuntimeException ignored) {
            // logging must never fail a request
        }
    }
}
