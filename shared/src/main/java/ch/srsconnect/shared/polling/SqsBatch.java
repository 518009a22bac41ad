package ch.srsconnect.shared.polling;

import ch.srsconnect.shared.json.Json;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Lambda's SQS event as the poll worker reads it: the fields it uses, bound with the container's {@link Json#MAPPER}
 * (the runtime client's typed binding of {@code SQSEvent} loads its own shaded Jackson and joda-time; decision 0054).
 * Unknown fields are ignored, so the full event Lambda sends binds unchanged.
 */
public record SqsBatch(@JsonProperty("Records") List<Message> records) {

    public SqsBatch {
        records = records == null ? List.of() : List.copyOf(records);
    }

    /** One delivery: {@code attributes} carries {@code ApproximateReceiveCount}. */
    public record Message(String messageId, String body, Map<String, String> attributes) {

        public Message {
            attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
        }

        /** How often SQS has delivered this message, this delivery included (1 when SQS did not say). */
        public int receiveCount() {
            String v = attributes.get("ApproximateReceiveCount");
            try {
                return v == null ? 1 : Integer.parseInt(v);
            } catch (NumberFormatException e) {
                return 1;
            }
        }
    }

    /** The partial batch response ({@code ReportBatchItemFailures}): the messages SQS must deliver again. */
    public record Response(List<ItemFailure> batchItemFailures) {

        public Response {
            batchItemFailures = List.copyOf(batchItemFailures);
        }

        public List<String> failedMessageIds() {
            return batchItemFailures.stream().map(ItemFailure::itemIdentifier).toList();
        }
    }

    public record ItemFailure(String itemIdentifier) {}

    /** An empty or {@code null} payload is an empty batch. */
    public static SqsBatch read(byte[] json) throws IOException {
        SqsBatch batch = json.length == 0 ? null : Json.MAPPER.readValue(json, SqsBatch.class);
        return batch == null ? new SqsBatch(List.of()) : batch;
    }
}
