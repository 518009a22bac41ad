package ch.srsconnect.shared.store;

import static ch.srsconnect.shared.store.IdentificationItems.fromItem;
import static ch.srsconnect.shared.store.IdentificationItems.isIdentification;
import static ch.srsconnect.shared.store.IdentificationItems.n;
import static ch.srsconnect.shared.store.IdentificationItems.s;
import static ch.srsconnect.shared.store.IdentificationItems.toItem;

import ch.srsconnect.shared.identification.Identification;
import ch.srsconnect.shared.identification.IdentificationStatus;
import ch.srsconnect.shared.identification.Phase;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

/**
 * Identifications in DynamoDB (low-level client). Reads are by key or Query on an index: never a Scan.
 * Writes are whole-item puts guarded by conditions: {@code create} on absence, {@code update} on the
 * version read (optimistic locking).
 */
public final class IdentificationStore {

    /** Query rounds one filtered listing page may take before it returns a short page with a cursor. */
    static final int MAX_FILTER_ROUNDS = 5;

    private final DynamoDbClient dynamo;
    private final String table;
    private final Clock clock;

    public IdentificationStore(DynamoDbClient dynamo, String table, Clock clock) {
        this.dynamo = Objects.requireNonNull(dynamo, "dynamo");
        this.table = Objects.requireNonNull(table, "table");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public IdentificationStore(DynamoDbClient dynamo, String table) {
        this(dynamo, table, Clock.systemUTC());
    }

    /**
     * Stores a new identification at version 1, {@code updatedAt} = now.
     *
     * @return what was stored (times at millisecond precision, {@code expiresAt} at seconds)
     * @throws IdentificationExistsException if the id is taken
     */
    public Identification create(Identification identification) {
        IdentificationItems.validateForStorage(identification);
        Identification stored = normalise(identification.toBuilder().version(1).updatedAt(now()).build());
        try {
            dynamo.putItem(PutItemRequest.builder()
                    .tableName(table)
                    .item(toItem(stored))
                    .conditionExpression("attribute_not_exists(#id)")
                    .expressionAttributeNames(Map.of("#id", TableDefinition.PK))
                    .build());
        } catch (ConditionalCheckFailedException e) {
            throw new IdentificationExistsException(identification.id());
        }
        return stored;
    }

    /** Strongly consistent read by id (the worker's path). Idempotency records are never returned. */
    public Optional<Identification> get(String id) {
        GetItemResponse r = dynamo.getItem(b -> b.tableName(table).key(Map.of(TableDefinition.PK, s(id))).consistentRead(true));
        if (!r.hasItem() || r.item().isEmpty() || !isIdentification(r.item())) {
            return Optional.empty();
        }
        return Optional.of(fromItem(r.item()));
    }

    /** Like {@link #get} but empty when the item belongs to another owner: callers answer 404 either way. */
    public Optional<Identification> getOwned(String owner, String id) {
        return get(id).filter(i -> i.owner().equals(owner));
    }

    /**
     * Replaces the item with {@code next} if it is still at {@code expected.version()}; the stored item gets
     * {@code expected.version() + 1} and {@code updatedAt} = now. A {@code null nextPollAt} removes the item
     * from the due-poll index.
     *
     * @throws ConcurrentUpdateException if the item changed or vanished since {@code expected} was read
     */
    public Identification update(Identification expected, Identification next) {
        if (!expected.id().equals(next.id()) || !expected.owner().equals(next.owner())
                || !expected.createdAt().equals(next.createdAt())) {
            throw new IllegalArgumentException("id, owner and createdAt cannot change");
        }
        IdentificationItems.validateForStorage(next);
        Identification stored = normalise(next.toBuilder().version(expected.version() + 1).updatedAt(now()).build());
        try {
            dynamo.putItem(PutItemRequest.builder()
                    .tableName(table)
                    .item(toItem(stored))
                    .conditionExpression("#type = :type AND #version = :expected")
                    .expressionAttributeNames(Map.of("#type", TableDefinition.ITEM_TYPE, "#version", IdentificationItems.VERSION))
                    .expressionAttributeValues(Map.of(":type", s(IdentificationItems.TYPE), ":expected", n(expected.version())))
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                    .build());
        } catch (ConditionalCheckFailedException e) {
            OptionalLong current = OptionalLong.empty();
            if (e.hasItem() && e.item().containsKey(IdentificationItems.VERSION)) {
                current = OptionalLong.of(Long.parseLong(e.item().get(IdentificationItems.VERSION).n()));
            } else {
                Optional<Identification> now = get(expected.id());
                if (now.isPresent()) {
                    current = OptionalLong.of(now.get().version());
                }
            }
            throw new ConcurrentUpdateException(expected.id(), expected.version(), current);
        }
        return stored;
    }

    /**
     * Deletes the item if it is still at {@code expected.version()} (place-order removes its write-ahead record
     * when SRS certainly created no order).
     *
     * @throws ConcurrentUpdateException if the item changed or vanished since {@code expected} was read
     */
    public void delete(Identification expected) {
        try {
            dynamo.deleteItem(b -> b.tableName(table)
                    .key(Map.of(TableDefinition.PK, s(expected.id())))
                    .conditionExpression("#type = :type AND #version = :expected")
                    .expressionAttributeNames(Map.of("#type", TableDefinition.ITEM_TYPE, "#version", IdentificationItems.VERSION))
                    .expressionAttributeValues(Map.of(":type", s(IdentificationItems.TYPE), ":expected", n(expected.version()))));
        } catch (ConditionalCheckFailedException e) {
            throw new ConcurrentUpdateException(expected.id(), expected.version(), OptionalLong.empty());
        }
    }

    /**
     * One page of an owner's identifications, newest first: a Query on {@code byOwner}, or on
     * {@code byOwnerMsisdn} when a msisdn is given. Status and phase filters are applied by DynamoDB
     * (filter expression); a filtered page may hold fewer items than asked and still have a cursor.
     *
     * @throws InvalidCursorException if the cursor was not issued for this listing
     */
    public Page<Identification> listByOwner(ListQuery q) {
        boolean byMsisdn = q.msisdn() != null;
        String index = byMsisdn ? TableDefinition.INDEX_BY_OWNER_MSISDN : TableDefinition.INDEX_BY_OWNER;
        String partitionAttribute = byMsisdn ? TableDefinition.OWNER_MSISDN : TableDefinition.OWNER;
        String partitionValue = byMsisdn ? IdentificationItems.ownerMsisdn(q.owner(), q.msisdn()) : q.owner();
        Map<String, AttributeValue> startKey = Cursors.decode(q.cursor(), index, partitionAttribute, partitionValue);

        Map<String, String> names = new HashMap<>();
        Map<String, AttributeValue> values = new HashMap<>();
        names.put("#pk", partitionAttribute);
        values.put(":pk", s(partitionValue));
        List<String> filters = new ArrayList<>();
        if (!q.statuses().isEmpty()) {
            names.put("#status", IdentificationItems.STATUS);
            filters.add("#status IN (" + placeholders("st", q.statuses().stream().map(IdentificationStatus::value).toList(), values) + ")");
        }
        if (!q.phases().isEmpty()) {
            names.put("#phase", IdentificationItems.PHASE);
            filters.add("#phase IN (" + placeholders("ph", q.phases().stream().map(Phase::name).toList(), values) + ")");
        }
        String filter = filters.isEmpty() ? null : String.join(" AND ", filters);

        List<Identification> items = new ArrayList<>();
        Map<String, AttributeValue> lastKey = startKey;
        int rounds = 0;
        do {
            QueryResponse r = dynamo.query(QueryRequest.builder()
                    .tableName(table)
                    .indexName(index)
                    .keyConditionExpression("#pk = :pk")
                    .filterExpression(filter)
                    .expressionAttributeNames(names)
                    .expressionAttributeValues(values)
                    .scanIndexForward(false)
                    .limit(q.pageSize() - items.size())
                    .exclusiveStartKey(lastKey)
                    .build());
            r.items().stream().filter(IdentificationItems::isIdentification).map(IdentificationItems::fromItem).forEach(items::add);
            lastKey = r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty() ? r.lastEvaluatedKey() : null;
            rounds++;
        } while (lastKey != null && items.size() < q.pageSize() && rounds < MAX_FILTER_ROUNDS);
        return new Page<>(items, Cursors.encode(index, lastKey));
    }

    /**
     * {@link #listByOwner(ListQuery)} with the parameters spelled out.
     *
     * @param msisdn   only this msisdn, or {@code null}
     * @param statuses only these statuses, or {@code null}/empty for all
     * @param cursor   the previous page's {@link Page#nextCursor()}, or {@code null}
     */
    public Page<Identification> listByOwner(String owner, String msisdn, java.util.Set<IdentificationStatus> statuses,
            int pageSize, String cursor) {
        return listByOwner(new ListQuery(owner, msisdn, statuses, java.util.Set.of(), pageSize, cursor));
    }

    /**
     * Items of one shard whose {@code nextPollAt} is at or before {@code until}, earliest first: a Query on
     * the sparse {@code duePolls} index (keys only), which holds only items still being polled.
     */
    public Page<DuePoll> dueForPolling(int shard, Instant until, int limit, String cursor) {
        if (limit < 1 || limit > 1000) {
            throw new IllegalArgumentException("limit must be within 1..1000");
        }
        Map<String, AttributeValue> startKey = Cursors.decode(cursor, TableDefinition.INDEX_DUE_POLLS,
                TableDefinition.POLL_SHARD, Integer.toString(shard));
        QueryResponse r = dynamo.query(QueryRequest.builder()
                .tableName(table)
                .indexName(TableDefinition.INDEX_DUE_POLLS)
                .keyConditionExpression("#shard = :shard AND #next <= :until")
                .expressionAttributeNames(Map.of("#shard", TableDefinition.POLL_SHARD, "#next", TableDefinition.NEXT_POLL_AT))
                .expressionAttributeValues(Map.of(":shard", n(shard), ":until", n(until.toEpochMilli())))
                .scanIndexForward(true)
                .limit(limit)
                .exclusiveStartKey(startKey)
                .build());
        List<DuePoll> due = r.items().stream()
                .map(m -> new DuePoll(m.get(TableDefinition.PK).s(), Integer.parseInt(m.get(TableDefinition.POLL_SHARD).n()),
                        Instant.ofEpochMilli(Long.parseLong(m.get(TableDefinition.NEXT_POLL_AT).n()))))
                .toList();
        Map<String, AttributeValue> lastKey = r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty() ? r.lastEvaluatedKey() : null;
        return new Page<>(due, Cursors.encode(TableDefinition.INDEX_DUE_POLLS, lastKey));
    }

    public Page<DuePoll> dueForPolling(int shard, Instant until, int limit) {
        return dueForPolling(shard, until, limit, null);
    }

    private static String placeholders(String prefix, List<String> list, Map<String, AttributeValue> values) {
        List<String> ph = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            ph.add(":" + prefix + i);
            values.put(":" + prefix + i, s(list.get(i)));
        }
        return String.join(", ", ph);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    /** The identification exactly as it reads back from the table. */
    private static Identification normalise(Identification i) {
        return fromItem(toItem(i));
    }
}
