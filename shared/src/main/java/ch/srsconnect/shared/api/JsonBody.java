package ch.srsconnect.shared.api;

import ch.srsconnect.shared.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The rules every write route applies to its JSON body, in this order, before anything is sent or stored:
 * {@code application/json} (or {@code application/*+json}) else 415; at most {@link #MAX_BYTES} else 413; present,
 * valid JSON and an object else 400; no control, line-separator or bidi-override character in any string, else 400
 * naming the field ({@code person.lastName}); with a field list, no other field, else 400 naming each.
 */
public final class JsonBody {

    public static final int MAX_BYTES = 16 * 1024;

    private JsonBody() {}

    /**
     * The body as a JSON object, or a {@link ProblemException} by the rules above.
     *
     * @param fields the fields the route accepts (the OpenAPI's {@code additionalProperties: false}); null: not checked
     *               here (the route's validator reports unknown fields itself)
     */
    public static ObjectNode object(ApiRequest request, Set<String> fields) {
        String contentType = request.header("content-type").orElse("");
        String media = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (!media.equals("application/json") && !(media.startsWith("application/") && media.endsWith("+json"))) {
            throw Problem.of(415, "unsupported-media-type", "Unsupported media type", "Send the body as application/json.",
                    List.of(new FieldError("Content-Type", "must be application/json, was '" + contentType + "'"))).asException();
        }
        byte[] bytes = request.bodyBytes();
        if (bytes.length > MAX_BYTES) {
            throw Problem.of(413, "body-too-large", "Body too large", "The body must be at most " + MAX_BYTES + " bytes.",
                    List.of(new FieldError("body", "too large"))).asException();
        }
        if (bytes.length == 0) throw invalid("body", "a JSON object is required");
        JsonNode body;
        try {
            body = Json.MAPPER.readTree(bytes);
        } catch (IOException e) {
            throw invalid("body", "is not valid JSON");
        }
        if (body == null || !body.isObject()) throw invalid("body", "must be a JSON object");
        List<FieldError> errors = new ArrayList<>();
        controlCharacters(body, "", errors);
        if (fields != null) {
            for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
                String name = it.next();
                if (!fields.contains(name)) errors.add(new FieldError(name, "unknown field; known: " + new TreeSet<>(fields)));
            }
        }
        if (!errors.isEmpty()) throw Problem.invalidParameters(errors).asException();
        return (ObjectNode) body;
    }

    /** Whether a text holds a character no field of ours accepts: C0/C1 controls, U+2028/U+2029, bidi overrides. */
    public static boolean hasControlCharacter(String s) {
        return s.codePoints().anyMatch(c -> Character.isISOControl(c)
                || c == 0x2028 || c == 0x2029 || (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069));
    }

    private static void controlCharacters(JsonNode node, String path, List<FieldError> errors) {
        if (node.isTextual()) {
            if (hasControlCharacter(node.asText())) {
                errors.add(new FieldError(path.isEmpty() ? "body" : path, "must not contain control characters (line breaks, tabs, ...)"));
            }
        } else if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                controlCharacters(e.getValue(), path.isEmpty() ? e.getKey() : path + "." + e.getKey(), errors);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) controlCharacters(node.get(i), path + "[" + i + "]", errors);
        }
    }

    private static ProblemException invalid(String field, String message) {
        return Problem.of(400, "invalid-request", "Invalid request", "The request cannot be read; see errors.",
                List.of(new FieldError(field, message))).asException();
    }
}
