package ch.srsconnect.shared.polling;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Objects;

/**
 * The body of one poll message: {@code {"id":..,"version":..,"at":..}} (and {@code "nudge":true}). The message owns
 * the poll only while the item is still at {@code version}: a duplicate or superseded message finds a newer version
 * and is dropped.
 *
 * @param at    the planned check time; a message delivered earlier (a wait above SQS's 15 minutes) is re-sent
 * @param nudge sent because the SP said the user is back ({@code POST /identifications/{id}/refresh}): ask SRS now,
 *              even before the method's first check
 */
public record PollMessage(String id, long version, Instant at, boolean nudge) {

    public PollMessage(String id, long version, Instant at) {
        this(id, version, at, false);
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    public PollMessage {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(at, "at");
    }

    public String toJson() {
        ObjectNode n = JSON.createObjectNode();
        n.put("id", id);
        n.put("version", version);
        n.put("at", at.toEpochMilli());
        if (nudge) {
            n.put("nudge", true);
        }
        return n.toString();
    }

    /** @throws IllegalArgumentException if the body is not a poll message (a poison message) */
    public static PollMessage fromJson(String body) {
        try {
            JsonNode n = JSON.readTree(body);
            if (n == null || !n.path("id").isTextual() || n.path("id").asText().isBlank()
                    || !n.path("version").canConvertToLong() || !n.path("at").canConvertToLong()) {
                throw new IllegalArgumentException("not a poll message");
            }
            return new PollMessage(n.get("id").asText(), n.get("version").asLong(), Instant.ofEpochMilli(n.get("at").asLong()),
                    n.path("nudge").asBoolean(false));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a poll message: malformed JSON");
        }
    }
}
