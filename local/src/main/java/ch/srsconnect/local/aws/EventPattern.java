package ch.srsconnect.local.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * An EventBridge event pattern, matched as EventBridge documents it (eb-event-patterns, content filtering): keys are
 * ANDed, the values of a key's array ORed; an array in the event matches when any element does; exact values (strings,
 * numbers compared as numbers, booleans, null), {@code prefix}, {@code suffix} (both also with {@code equals-ignore-case}),
 * {@code equals-ignore-case}, {@code anything-but} (a value, a list, or a prefix/suffix/equals-ignore-case), {@code numeric},
 * {@code exists}, {@code wildcard} and {@code $or}. Anything else ({@code cidr}, unknown operators) is refused when the
 * pattern is read, as PutRule refuses an invalid pattern, never silently matched.
 */
public final class EventPattern {
    private final ObjectNode pattern;

    private EventPattern(ObjectNode pattern) {
        this.pattern = pattern;
    }

    /** Reads and checks a pattern; {@link IllegalArgumentException} with the reason when EventBridge would refuse it. */
    public static EventPattern of(JsonNode pattern) {
        if (!(pattern instanceof ObjectNode object) || object.isEmpty()) {
            throw new IllegalArgumentException("Event pattern is not valid. Reason: the pattern must be a non-empty JSON object");
        }
        check(object, "");
        return new EventPattern(object);
    }

    /** Whether {@code event} (the envelope: source, detail-type, detail, ...) matches. */
    public boolean matches(JsonNode event) {
        return matchesObject(pattern, event);
    }

    // ---- matching ----

    private static boolean matchesObject(ObjectNode pattern, JsonNode event) {
        for (Iterator<Map.Entry<String, JsonNode>> it = pattern.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equals("$or")) {
                boolean any = false;
                for (JsonNode branch : e.getValue()) {
                    any |= matchesObject((ObjectNode) branch, event);
                }
                if (!any) return false;
                continue;
            }
            JsonNode value = event == null ? null : event.get(e.getKey());
            boolean ok = e.getValue() instanceof ObjectNode nested
                    ? value != null && value.isObject() && matchesObject(nested, value)
                    : matchesField((ArrayNode) e.getValue(), value);
            if (!ok) return false;
        }
        return true;
    }

    private static boolean matchesField(ArrayNode rules, JsonNode value) {
        for (JsonNode rule : rules) {
            if (rule.isObject() && rule.has("exists")) {
                if (rule.get("exists").asBoolean() == (value != null)) return true;
                continue;
            }
            if (value == null) continue;
            for (JsonNode v : value.isArray() ? elements(value) : List.of(value)) {
                if (matchesValue(rule, v)) return true;
            }
        }
        return false;
    }

    private static boolean matchesValue(JsonNode rule, JsonNode v) {
        if (!rule.isObject()) return same(rule, v);
        Map.Entry<String, JsonNode> op = rule.fields().next();
        JsonNode arg = op.getValue();
        return switch (op.getKey()) {
            case "prefix" -> v.isTextual() && affix(arg, v.asText(), true);
            case "suffix" -> v.isTextual() && affix(arg, v.asText(), false);
            case "equals-ignore-case" -> v.isTextual() && v.asText().equalsIgnoreCase(arg.asText());
            case "wildcard" -> v.isTextual() && wildcard(arg.asText()).matcher(v.asText()).matches();
            case "numeric" -> v.isNumber() && numeric((ArrayNode) arg, v.asDouble());
            case "anything-but" -> anythingBut(arg, v);
            default -> false;
        };
    }

    private static boolean anythingBut(JsonNode arg, JsonNode v) {
        if (arg.isArray()) {
            for (JsonNode a : arg) {
                if (same(a, v)) return false;
            }
            return true;
        }
        if (arg.isObject()) {
            return v.isTextual() && !matchesValue(arg, v);
        }
        return !same(arg, v);
    }

    private static boolean affix(JsonNode arg, String value, boolean prefix) {
        boolean ignoreCase = arg.isObject();
        String a = ignoreCase ? arg.get("equals-ignore-case").asText() : arg.asText();
        String s = ignoreCase ? value.toLowerCase(Locale.ROOT) : value;
        String t = ignoreCase ? a.toLowerCase(Locale.ROOT) : a;
        return prefix ? s.startsWith(t) : s.endsWith(t);
    }

    private static boolean numeric(ArrayNode conditions, double value) {
        for (int i = 0; i + 1 < conditions.size(); i += 2) {
            double bound = conditions.get(i + 1).asDouble();
            boolean ok = switch (conditions.get(i).asText()) {
                case "<" -> value < bound;
                case "<=" -> value <= bound;
                case "=" -> value == bound;
                case ">" -> value > bound;
                case ">=" -> value >= bound;
                default -> false;
            };
            if (!ok) return false;
        }
        return true;
    }

    private static boolean same(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) return a.asDouble() == b.asDouble();
        return a.getNodeType() == b.getNodeType() && a.equals(b);
    }

    private static Pattern wildcard(String glob) {
        StringBuilder re = new StringBuilder();
        for (String part : glob.split("\\*", -1)) {
            if (!re.isEmpty()) re.append(".*");
            re.append(Pattern.quote(part));
        }
        return Pattern.compile(re.toString(), Pattern.DOTALL);
    }

    private static List<JsonNode> elements(JsonNode array) {
        List<JsonNode> out = new ArrayList<>();
        array.forEach(out::add);
        return out;
    }

    // ---- validation ----

    private static void check(ObjectNode pattern, String path) {
        for (Iterator<Map.Entry<String, JsonNode>> it = pattern.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String at = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
            JsonNode v = e.getValue();
            if (e.getKey().equals("$or")) {
                if (!v.isArray() || v.size() < 2) invalid(at, "$or takes a list of at least two patterns");
                for (JsonNode branch : v) {
                    if (!(branch instanceof ObjectNode b) || b.isEmpty()) invalid(at, "each $or branch is a non-empty object");
                    check((ObjectNode) branch, path);
                }
            } else if (v instanceof ObjectNode nested) {
                check(nested, at);
            } else if (v instanceof ArrayNode rules && !rules.isEmpty()) {
                rules.forEach(rule -> checkRule(rule, at));
            } else {
                invalid(at, "a field's value must be a non-empty array or an object");
            }
        }
    }

    private static void checkRule(JsonNode rule, String at) {
        if (!rule.isObject()) {
            if (rule.isArray()) invalid(at, "match values are strings, numbers, booleans or null, not arrays");
            return;
        }
        if (rule.size() != 1) invalid(at, "an operator object holds exactly one operator");
        Map.Entry<String, JsonNode> op = rule.fields().next();
        JsonNode arg = op.getValue();
        switch (op.getKey()) {
            case "prefix", "suffix" -> {
                if (!arg.isTextual() && !(arg.isObject() && arg.size() == 1 && arg.path("equals-ignore-case").isTextual())) {
                    invalid(at, op.getKey() + " takes a string (or {\"equals-ignore-case\": string})");
                }
            }
            case "equals-ignore-case", "wildcard" -> {
                if (!arg.isTextual()) invalid(at, op.getKey() + " takes a string");
            }
            case "exists" -> {
                if (!arg.isBoolean()) invalid(at, "exists takes true or false");
            }
            case "numeric" -> checkNumeric(arg, at);
            case "anything-but" -> checkAnythingBut(arg, at);
            default -> invalid(at, "unsupported operator " + op.getKey() + " (the EventBridge stand-in does not emulate it)");
        }
    }

    private static void checkNumeric(JsonNode arg, String at) {
        if (!arg.isArray() || arg.isEmpty() || arg.size() % 2 != 0 || arg.size() > 4) invalid(at, "numeric takes one or two (operator, number) pairs");
        for (int i = 0; i < arg.size(); i += 2) {
            if (!List.of("<", "<=", "=", ">", ">=").contains(arg.get(i).asText()) || !arg.get(i + 1).isNumber()) {
                invalid(at, "numeric takes one or two (operator, number) pairs");
            }
        }
    }

    private static void checkAnythingBut(JsonNode arg, String at) {
        if (arg.isObject()) {
            if (arg.size() != 1 || !List.of("prefix", "suffix", "equals-ignore-case").contains(arg.fieldNames().next())
                    || !arg.elements().next().isTextual()) {
                invalid(at, "anything-but takes a value, a list, or {prefix|suffix|equals-ignore-case: string}");
            }
        } else if (arg.isArray()) {
            if (arg.isEmpty()) invalid(at, "anything-but takes a non-empty list");
            boolean strings = arg.get(0).isTextual();
            arg.forEach(a -> {
                if (a.isTextual() != strings || !(a.isTextual() || a.isNumber())) {
                    invalid(at, "anything-but's list holds only strings or only numbers");
                }
            });
        } else if (!arg.isTextual() && !arg.isNumber()) {
            invalid(at, "anything-but takes a string or a number");
        }
    }

    private static void invalid(String at, String why) {
        throw new IllegalArgumentException("Event pattern is not valid. Reason: " + why + " at " + at);
    }
}
