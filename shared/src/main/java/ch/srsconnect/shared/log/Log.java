package ch.srsconnect.shared.log;

import ch.srsconnect.shared.json.JsonText;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.time.temporal.TemporalAccessor;
import java.util.Collection;
import java.util.UUID;

/**
 * Structured JSON logger: one object per line, {@code ts, level, logger, msg, requestId} plus fields
 * given as alternating key/value arguments, e.g.
 * {@code log.info("order placed", "refId", refId, "msisdn", Msisdn.mask(msisdn))}.
 *
 * <p>Rules: msisdns only through {@link Msisdn#mask}; never tokens, secrets or SRS bodies. Values that
 * implement {@link Sensitive} are written as {@code [REDACTED]}; secrets registered with
 * {@link LogContext#redact} are scrubbed from every line.
 */
public final class Log {
    private final String name;

    private Log(String name) {
        this.name = name;
    }

    public static Log get(Class<?> type) {
        return new Log(type.getName());
    }

    public static Log get(String name) {
        return new Log(name);
    }

    public boolean isDebugEnabled() {
        return LogContext.enabled(Level.DEBUG);
    }

    public void debug(String msg, Object... kv) {
        log(Level.DEBUG, msg, null, kv);
    }

    public void info(String msg, Object... kv) {
        log(Level.INFO, msg, null, kv);
    }

    public void warn(String msg, Object... kv) {
        log(Level.WARN, msg, null, kv);
    }

    public void warn(String msg, Throwable error, Object... kv) {
        log(Level.WARN, msg, error, kv);
    }

    public void error(String msg, Object... kv) {
        log(Level.ERROR, msg, null, kv);
    }

    public void error(String msg, Throwable error, Object... kv) {
        log(Level.ERROR, msg, error, kv);
    }

    public void log(Level level, String msg, Throwable error, Object... kv) {
        if (!LogContext.enabled(level)) {
            return;
        }
        LogContext.write(format(level, msg, error, kv));
    }

    String format(Level level, String msg, Throwable error, Object... kv) {
        StringBuilder sb = new StringBuilder(160);
        sb.append("{\"ts\":\"").append(Instant.now()).append("\",\"level\":\"").append(level.name())
                .append("\",\"logger\":");
        JsonText.quote(sb, name);
        sb.append(",\"msg\":");
        JsonText.quote(sb, msg == null ? "" : msg);
        String rid = LogContext.requestId();
        if (rid != null) {
            sb.append(",\"requestId\":");
            JsonText.quote(sb, rid);
        }
        appendFields(sb, kv);
        if (error != null) {
            sb.append(",\"error\":");
            JsonText.quote(sb, error.getClass().getName());
            if (error.getMessage() != null) {
                sb.append(",\"errorMessage\":");
                JsonText.quote(sb, error.getMessage());
            }
            sb.append(",\"stack\":");
            JsonText.quote(sb, stack(error));
        }
        return sb.append('}').toString();
    }

    static void appendFields(StringBuilder sb, Object[] kv) {
        if (kv == null) {
            return;
        }
        for (int i = 0; i < kv.length; i += 2) {
            String key = String.valueOf(kv[i]);
            if (isReserved(key)) {
                key = "field." + key;
            }
            sb.append(',');
            JsonText.quote(sb, key);
            sb.append(':');
            appendValue(sb, i + 1 < kv.length ? kv[i + 1] : null);
        }
    }

    private static boolean isReserved(String key) {
        return switch (key) {
            case "ts", "level", "logger", "msg", "requestId", "error", "errorMessage", "stack", "_aws" -> true;
            default -> false;
        };
    }

    static void appendValue(StringBuilder sb, Object v) {
        if (v == null) {
            sb.append("null");
        } else if (v instanceof Sensitive) {
            sb.append("\"[REDACTED]\"");
        } else if (v instanceof Boolean || v instanceof Integer || v instanceof Long || v instanceof Short
                || v instanceof Byte) {
            sb.append(v);
        } else if (v instanceof Double d && Double.isFinite(d) || v instanceof Float f && Float.isFinite(f)) {
            sb.append(v);
        } else if (v instanceof Collection<?> c) {
            sb.append('[');
            boolean first = true;
            for (Object o : c) {
                if (!first) {
                    sb.append(',');
                }
                first = false;
                appendValue(sb, o);
            }
            sb.append(']');
        } else if (v instanceof CharSequence || v instanceof Enum<?> || v instanceof Number
                || v instanceof TemporalAccessor || v instanceof java.time.Duration || v instanceof UUID
                || v instanceof java.net.URI || v instanceof Character) {
            JsonText.quote(sb, v.toString());
        } else {
            // Arbitrary objects are not dumped: their toString may carry personal data or secrets.
            JsonText.quote(sb, "<" + v.getClass().getSimpleName() + ">");
        }
    }

    private static String stack(Throwable t) {
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        String s = w.toString();
        return s.length() > 4000 ? s.substring(0, 4000) + "..." : s;
    }
}
