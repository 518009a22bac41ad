package ch.srsconnect.shared.log;

import ch.srsconnect.shared.json.JsonText;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CloudWatch Embedded Metric Format lines on stdout (no CloudWatch client: Lambda's log pipeline turns
 * these into metrics). Namespace {@value #NAMESPACE}. Dimension values must be low-cardinality
 * (function, endpoint, scope, outcome) — never ids, msisdns or tokens.
 *
 * <p>{@code Metrics.count("IdpTokenRequests", Map.of("scope", "miss"))}
 */
public final class Metrics {
    public static final String NAMESPACE = "SrsConnect";

    public enum Unit {
        COUNT("Count"), MILLISECONDS("Milliseconds"), SECONDS("Seconds"), NONE("None");

        final String cloudWatchName;

        Unit(String cloudWatchName) {
            this.cloudWatchName = cloudWatchName;
        }
    }

    private Metrics() {}

    public static void count(String name, Map<String, String> dimensions) {
        put(name, 1, Unit.COUNT, dimensions);
    }

    public static void millis(String name, long millis, Map<String, String> dimensions) {
        put(name, millis, Unit.MILLISECONDS, dimensions);
    }

    public static void put(String name, double value, Unit unit, Map<String, String> dimensions) {
        if (!Double.isFinite(value)) {
            return; // not representable in JSON; a metric is never worth failing a request
        }
        LogContext.write(format(name, value, unit, dimensions, System.currentTimeMillis()));
    }

    static String format(String name, double value, Unit unit, Map<String, String> dimensions, long epochMillis) {
        Map<String, String> dims = new LinkedHashMap<>(dimensions == null ? Map.of() : dimensions);
        StringBuilder sb = new StringBuilder(256);
        sb.append("{\"_aws\":{\"Timestamp\":").append(epochMillis).append(",\"CloudWatchMetrics\":[{\"Namespace\":");
        JsonText.quote(sb, NAMESPACE);
        sb.append(",\"Dimensions\":[[");
        boolean first = true;
        for (String k : dims.keySet()) {
            if (!first) {
                sb.append(',');
            }
            first = false;
            JsonText.quote(sb, k);
        }
        sb.append("]],\"Metrics\":[{\"Name\":");
        JsonText.quote(sb, name);
        sb.append(",\"Unit\":");
        JsonText.quote(sb, unit.cloudWatchName);
        sb.append("}]}]}");
        for (Map.Entry<String, String> d : dims.entrySet()) {
            sb.append(',');
            JsonText.quote(sb, d.getKey());
            sb.append(':');
            JsonText.quote(sb, String.valueOf(d.getValue()));
        }
        sb.append(',');
        JsonText.quote(sb, name);
        sb.append(':');
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            sb.append((long) value);
        } else {
            sb.append(value);
        }
        String rid = LogContext.requestId();
        if (rid != null) {
            sb.append(",\"requestId\":");
            JsonText.quote(sb, rid);
        }
        return sb.append('}').toString();
    }
}
