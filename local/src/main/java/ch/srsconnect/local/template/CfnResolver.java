package ch.srsconnect.local.template;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Evaluates intrinsics of a loaded template against parameter values (defaults + overrides), pseudo
 * parameters, conditions, and the physical ids/attributes of the resources the local runtime created
 * (registered with {@link #register}). Anything it cannot resolve fails with a {@link TemplateException}
 * naming the reference.
 */
public final class CfnResolver {

    /** Marker for {@code Ref AWS::NoValue}: the enclosing property or list element is removed. */
    public static final Object NO_VALUE = new Object() {
        @Override
        public String toString() {
            return "AWS::NoValue";
        }
    };

    public record Pseudo(String region, String accountId, String stackName) {
        public String partition() {
            return region.startsWith("cn-") ? "aws-cn" : region.startsWith("us-gov-") ? "aws-us-gov" : "aws";
        }

        public String urlSuffix() {
            return region.startsWith("cn-") ? "amazonaws.com.cn" : "amazonaws.com";
        }

        public String stackId() {
            return "arn:" + partition() + ":cloudformation:" + region + ":" + accountId + ":stack/" + stackName
                    + "/00000000-0000-0000-0000-000000000000";
        }
    }

    /** What a created resource answers to {@code Ref} and {@code Fn::GetAtt}. */
    public record Physical(String ref, Map<String, Object> attributes) {
        public Physical {
            attributes = Map.copyOf(attributes);
        }
    }

    private static final Pattern SUB_VAR = Pattern.compile("\\$\\{([^}]*)}");

    private final Map<String, Object> template;
    private final Pseudo pseudo;
    private final Map<String, Object> parameters = new LinkedHashMap<>();
    private final Map<String, Physical> resources = new ConcurrentHashMap<>();
    private final Map<String, Boolean> conditionValues = new HashMap<>();
    private final Deque<String> evaluating = new ArrayDeque<>();

    public CfnResolver(Map<String, Object> template, Map<String, String> parameterOverrides, Pseudo pseudo) {
        this.template = template;
        this.pseudo = pseudo;
        Map<String, Object> declared = section("Parameters");
        for (String name : parameterOverrides.keySet()) {
            if (!declared.containsKey(name)) {
                throw new TemplateException("parameter override '" + name + "' is not declared in the template's Parameters");
            }
        }
        declared.forEach((name, decl) -> {
            Map<String, Object> d = decl instanceof Map<?, ?> ? asMap(decl) : Map.of();
            String type = String.valueOf(d.getOrDefault("Type", "String"));
            Object raw = parameterOverrides.containsKey(name) ? parameterOverrides.get(name) : d.get("Default");
            if (raw == null) {
                parameters.put(name, null); // only an error if something refers to it
                return;
            }
            String value = scalarString(raw);
            Object allowed = d.get("AllowedValues");
            if (allowed instanceof List<?> values && !values.stream().map(CfnResolver::scalarString).toList().contains(value)) {
                throw new TemplateException("parameter '" + name + "' = '" + value + "' is not one of AllowedValues " + values);
            }
            if (type.equals("CommaDelimitedList") || type.startsWith("List<")) {
                parameters.put(name, value.isEmpty() ? List.of() : List.of(value.split("\\s*,\\s*", -1)));
            } else {
                parameters.put(name, value);
            }
        });
    }

    public Pseudo pseudo() {
        return pseudo;
    }

    /** Parameter values after defaults and overrides (a List for list types). */
    public Map<String, Object> parameters() {
        return java.util.Collections.unmodifiableMap(parameters);
    }

    public void register(String logicalId, Physical physical) {
        resources.put(logicalId, physical);
    }

    public Physical physical(String logicalId) {
        return resources.get(logicalId);
    }

    /** Whether the named condition holds. Unknown conditions fail. */
    public synchronized boolean condition(String name) {
        Boolean known = conditionValues.get(name);
        if (known != null) return known;
        Map<String, Object> conditions = section("Conditions");
        if (!conditions.containsKey(name)) {
            throw new TemplateException("condition '" + name + "' is not declared in the template's Conditions");
        }
        if (evaluating.contains(name)) {
            throw new TemplateException("condition '" + name + "' refers to itself: " + evaluating);
        }
        evaluating.push(name);
        try {
            boolean value = truth(resolve(conditions.get(name)), "condition " + name);
            conditionValues.put(name, value);
            return value;
        } finally {
            evaluating.pop();
        }
    }

    /** Whether a resource (or output) with a {@code Condition} attribute is created. */
    public boolean included(Map<String, Object> resource) {
        Object c = resource.get("Condition");
        return c == null || condition(String.valueOf(c));
    }

    /** Resolves every intrinsic in {@code value}, deeply; {@code AWS::NoValue} entries are dropped. */
    public Object resolve(Object value) {
        if (value instanceof Intrinsic in) {
            return evaluate(in);
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> {
                Object r = resolve(v);
                if (r != NO_VALUE) out.put(String.valueOf(k), r);
            });
            return out;
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            for (Object o : list) {
                Object r = resolve(o);
                if (r != NO_VALUE) out.add(r);
            }
            return out;
        }
        return value;
    }

    /** Resolves and insists on a string (numbers and booleans become their text, as CloudFormation does). */
    public String resolveString(Object value, String where) {
        Object r = resolve(value);
        if (r instanceof List<?> || r instanceof Map<?, ?> || r == null || r == NO_VALUE) {
            throw new TemplateException(where + ": expected a string, got " + r);
        }
        return scalarString(r);
    }

    private Object evaluate(Intrinsic in) {
        Object arg = in.argument();
        switch (in.name()) {
            case "Ref":
                return ref(scalarString(resolve(arg)));
            case "Condition":
                return condition(scalarString(arg));
            case "Fn::GetAtt": {
                List<?> parts = list(resolve(arg), in, 2);
                return getAtt(scalarString(parts.get(0)), scalarString(parts.get(1)));
            }
            case "Fn::Sub":
                return sub(arg, in);
            case "Fn::Join": {
                List<?> parts = list(arg, in, 2);
                String delimiter = scalarString(resolve(parts.get(0)));
                List<?> items = list(resolve(parts.get(1)), in, -1);
                List<String> strings = new ArrayList<>();
                for (Object item : items) strings.add(scalarString(item));
                return String.join(delimiter, strings);
            }
            case "Fn::Select": {
                List<?> parts = list(arg, in, 2);
                int index = Integer.parseInt(scalarString(resolve(parts.get(0))));
                List<?> items = list(resolve(parts.get(1)), in, -1);
                if (index < 0 || index >= items.size()) {
                    throw new TemplateException(in + ": index " + index + " out of range for " + items);
                }
                return items.get(index);
            }
            case "Fn::Split": {
                List<?> parts = list(arg, in, 2);
                String delimiter = scalarString(resolve(parts.get(0)));
                String source = scalarString(resolve(parts.get(1)));
                return List.of(source.split(Pattern.quote(delimiter), -1));
            }
            case "Fn::If": {
                List<?> parts = list(arg, in, 3);
                return condition(scalarString(parts.get(0))) ? resolve(parts.get(1)) : resolve(parts.get(2));
            }
            case "Fn::Equals": {
                List<?> parts = list(arg, in, 2);
                return normalizeForEquals(resolve(parts.get(0))).equals(normalizeForEquals(resolve(parts.get(1))));
            }
            case "Fn::Not": {
                List<?> parts = list(arg, in, 1);
                return !truth(resolve(parts.get(0)), in.toString());
            }
            case "Fn::And": {
                for (Object o : list(arg, in, -1)) if (!truth(resolve(o), in.toString())) return false;
                return true;
            }
            case "Fn::Or": {
                for (Object o : list(arg, in, -1)) if (truth(resolve(o), in.toString())) return true;
                return false;
            }
            case "Fn::FindInMap": {
                List<?> parts = list(arg, in, 3);
                String mapName = scalarString(resolve(parts.get(0)));
                String top = scalarString(resolve(parts.get(1)));
                String second = scalarString(resolve(parts.get(2)));
                Object mapping = section("Mappings").get(mapName);
                if (!(mapping instanceof Map<?, ?> m)) throw new TemplateException(in + ": no mapping '" + mapName + "'");
                Object level = m.get(top);
                if (!(level instanceof Map<?, ?> l) || !l.containsKey(second)) {
                    throw new TemplateException(in + ": mapping '" + mapName + "' has no " + top + "." + second);
                }
                return resolve(l.get(second));
            }
            case "Fn::GetAZs":
                return List.of(pseudo.region() + "a", pseudo.region() + "b", pseudo.region() + "c");
            case "Fn::Base64":
                return Base64.getEncoder().encodeToString(scalarString(resolve(arg)).getBytes(StandardCharsets.UTF_8));
            case "Fn::ImportValue":
                throw new TemplateException(in + ": cross-stack exports are not available locally (export '"
                        + resolve(arg) + "')");
            default:
                throw new TemplateException(in + ": intrinsic " + in.name() + " is not supported by the local runtime");
        }
    }

    private Object ref(String name) {
        switch (name) {
            case "AWS::Region": return pseudo.region();
            case "AWS::AccountId": return pseudo.accountId();
            case "AWS::StackName": return pseudo.stackName();
            case "AWS::StackId": return pseudo.stackId();
            case "AWS::Partition": return pseudo.partition();
            case "AWS::URLSuffix": return pseudo.urlSuffix();
            case "AWS::NotificationARNs": return List.of();
            case "AWS::NoValue": return NO_VALUE;
            default: break;
        }
        if (parameters.containsKey(name)) {
            Object v = parameters.get(name);
            if (v == null) {
                throw new TemplateException("!Ref " + name + ": parameter has no Default and no override was given (--param "
                        + name + "=...)");
            }
            return v;
        }
        Physical p = resources.get(name);
        if (p != null) return p.ref();
        if (section("Resources").containsKey(name)) {
            throw new TemplateException("!Ref " + name + ": resource " + name + " (" + resourceType(name)
                    + ") was not created by the local runtime, so it has no physical id here");
        }
        throw new TemplateException("!Ref " + name + ": no parameter, pseudo parameter or resource of that name");
    }

    private Object getAtt(String logicalId, String attribute) {
        Physical p = resources.get(logicalId);
        if (p == null) {
            if (section("Resources").containsKey(logicalId)) {
                throw new TemplateException("!GetAtt " + logicalId + "." + attribute + ": resource " + logicalId + " ("
                        + resourceType(logicalId) + ") was not created by the local runtime");
            }
            throw new TemplateException("!GetAtt " + logicalId + "." + attribute + ": no resource " + logicalId);
        }
        Object v = p.attributes().get(attribute);
        if (v == null) {
            throw new TemplateException("!GetAtt " + logicalId + "." + attribute + ": attribute not known locally (known: "
                    + p.attributes().keySet() + ")");
        }
        return v;
    }

    private String sub(Object arg, Intrinsic in) {
        String text;
        Map<String, Object> vars = Map.of();
        if (arg instanceof String s) {
            text = s;
        } else {
            List<?> parts = list(arg, in, 2);
            text = scalarString(parts.get(0));
            vars = asMap(parts.get(1));
        }
        Matcher m = SUB_VAR.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            String replacement;
            if (name.startsWith("!")) {
                replacement = "${" + name.substring(1) + "}";
            } else if (vars.containsKey(name)) {
                replacement = scalarString(resolve(vars.get(name)));
            } else if (name.contains(".") && !name.startsWith("AWS::")) {
                int dot = name.indexOf('.');
                replacement = scalarString(getAtt(name.substring(0, dot), name.substring(dot + 1)));
            } else {
                Object r = ref(name);
                if (r instanceof List<?>) throw new TemplateException(in + ": ${" + name + "} is a list");
                replacement = scalarString(r);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    private String resourceType(String logicalId) {
        Object r = section("Resources").get(logicalId);
        return r instanceof Map<?, ?> m ? String.valueOf(m.get("Type")) : "?";
    }

    private Map<String, Object> section(String name) {
        Object s = template.get(name);
        return s instanceof Map<?, ?> ? asMap(s) : Map.of();
    }

    private static Object normalizeForEquals(Object o) {
        return o instanceof List<?> || o instanceof Map<?, ?> ? o : scalarString(o);
    }

    private static boolean truth(Object o, String where) {
        if (o instanceof Boolean b) return b;
        if ("true".equals(o)) return true;
        if ("false".equals(o)) return false;
        throw new TemplateException(where + ": expected a boolean, got " + o);
    }

    private static List<?> list(Object o, Intrinsic in, int size) {
        if (!(o instanceof List<?> l)) throw new TemplateException(in + ": expected a list argument, got " + o);
        if (size >= 0 && l.size() != size) throw new TemplateException(in + ": expected " + size + " arguments, got " + l.size());
        return l;
    }

    static String scalarString(Object o) {
        if (o instanceof Double d && d == Math.rint(d) && !Double.isInfinite(d)) return String.valueOf(d.longValue());
        if (o instanceof Intrinsic in) throw new TemplateException("unresolved " + in);
        return String.valueOf(o);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> asMap(Object o) {
        if (!(o instanceof Map<?, ?>)) throw new TemplateException("expected a mapping, got " + o);
        return (Map<String, Object>) o;
    }
}
