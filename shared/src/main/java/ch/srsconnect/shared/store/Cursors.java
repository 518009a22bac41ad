package ch.srsconnect.shared.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Opaque listing cursors: a query's LastEvaluatedKey as compact JSON, base64url without padding.
 *
 * <p>A cursor is accepted only for the index it was issued for, only with exactly that index's key
 * attributes (plus the table key) of the right types, and only for the same partition (owner, owner and
 * msisdn, or shard) as the query. Anything else is an {@link InvalidCursorException}. A cursor grants
 * nothing the caller could not list anyway: it can only move the start within the caller's own partition.
 */
final class Cursors {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_LENGTH = 4096;

    private Cursors() {
    }

    static String encode(String index, Map<String, AttributeValue> lastEvaluatedKey) {
        if (lastEvaluatedKey == null || lastEvaluatedKey.isEmpty()) {
            return null;
        }
        ObjectNode root = JSON.createObjectNode();
        root.put("v", 1);
        root.put("i", index);
        ObjectNode k = root.putObject("k");
        for (Map.Entry<String, AttributeValue> e : lastEvaluatedKey.entrySet()) {
            AttributeValue v = e.getValue();
            if (v.s() != null) {
                k.putArray(e.getKey()).add("S").add(v.s());
            } else if (v.n() != null) {
                k.putArray(e.getKey()).add("N").add(v.n());
            } else {
                throw new IllegalStateException("unexpected key attribute type for " + e.getKey());
            }
        }
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(JSON.writeValueAsBytes(root));
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /**
     * @param partitionAttribute the index's partition key attribute
     * @param partitionValue     the value the query uses for it (string form)
     */
    static Map<String, AttributeValue> decode(String cursor, String index, String partitionAttribute,
            String partitionValue) {
        if (cursor == null) {
            return null;
        }
        if (cursor.isEmpty() || cursor.length() > MAX_LENGTH) {
            throw new InvalidCursorException("invalid cursor");
        }
        JsonNode root;
        try {
            root = JSON.readTree(new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException | java.io.IOException ex) {
            throw new InvalidCursorException("invalid cursor");
        }
        if (root == null || !root.isObject() || root.path("v").asInt() != 1 || !index.equals(root.path("i").asText(null))
                || !root.path("k").isObject()) {
            throw new InvalidCursorException("cursor does not belong to this listing");
        }
        List<String> expected = new java.util.ArrayList<>(TableDefinition.indexKeyNames(index));
        expected.add(TableDefinition.PK);
        Map<String, AttributeValue> key = new HashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = root.get("k").fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            JsonNode pair = f.getValue();
            if (!expected.contains(f.getKey()) || !pair.isArray() || pair.size() != 2 || !pair.get(1).isTextual()) {
                throw new InvalidCursorException("invalid cursor");
            }
            String type = pair.get(0).asText();
            String value = pair.get(1).asText();
            boolean numeric = Set.of(TableDefinition.CREATED_AT, TableDefinition.POLL_SHARD, TableDefinition.NEXT_POLL_AT)
                    .contains(f.getKey());
            if (numeric) {
                if (!"N".equals(type) || !value.matches("-?[0-9]{1,19}")) {
                    throw new InvalidCursorException("invalid cursor");
                }
                key.put(f.getKey(), AttributeValue.fromN(value));
            } else {
                if (!"S".equals(type) || value.isEmpty()) {
                    throw new InvalidCursorException("invalid cursor");
                }
                key.put(f.getKey(), AttributeValue.fromS(value));
            }
        }
        if (key.size() != expected.size()) {
            throw new InvalidCursorException("invalid cursor");
        }
        AttributeValue partition = key.get(partitionAttribute);
        String actual = partition.s() != null ? partition.s() : partition.n();
        if (!partitionValue.equals(actual)) {
            throw new InvalidCursorException("cursor does not belong to this listing");
        }
        return key;
    }
}
