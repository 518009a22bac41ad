package ch.srsconnect.shared.store;

import static ch.srsconnect.shared.store.IdentificationItems.n;
import static ch.srsconnect.shared.store.IdentificationItems.s;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/**
 * The poll scheduler's lease: one UpdateItem that moves {@code nextPollAt} from the value the scheduler read
 * on the due-poll index to the lease expiry, bumps {@code version} (so messages sent earlier become stale)
 * and stamps {@code updatedAt}. It needs no read of the item: the condition is on the index value.
 */
public final class DuePollLeases {
    private final DynamoDbClient dynamo;
    private final String table;
    private final Clock clock;

    public DuePollLeases(DynamoDbClient dynamo, String table, Clock clock) {
        this.dynamo = Objects.requireNonNull(dynamo);
        this.table = Objects.requireNonNull(table);
        this.clock = Objects.requireNonNull(clock);
    }

    /** @return the item's new version, or empty if its {@code nextPollAt} is no longer {@code seen} (or it is gone) */
    public OptionalLong lease(String id, Instant seen, Instant leaseUntil) {
        try {
            UpdateItemResponse r = dynamo.updateItem(UpdateItemRequest.builder()
                    .tableName(table)
                    .key(Map.of(TableDefinition.PK, s(id)))
                    .conditionExpression("#type = :type AND #next = :seen")
                    .updateExpression("SET #next = :lease, #updated = :now ADD #version :one")
                    .expressionAttributeNames(Map.of("#type", TableDefinition.ITEM_TYPE, "#next", TableDefinition.NEXT_POLL_AT,
                            "#updated", IdentificationItems.UPDATED_AT, "#version", IdentificationItems.VERSION))
                    .expressionAttributeValues(Map.of(":type", s(IdentificationItems.TYPE), ":seen", n(seen.toEpochMilli()),
                            ":lease", n(leaseUntil.toEpochMilli()), ":now", n(clock.millis()), ":one", n(1)))
                    .returnValues(ReturnValue.UPDATED_NEW)
                    .build());
            return OptionalLong.of(Long.parseLong(r.attributes().get(IdentificationItems.VERSION).n()));
        } catch (ConditionalCheckFailedException e) {
            return OptionalLong.empty();
        }
    }
}
