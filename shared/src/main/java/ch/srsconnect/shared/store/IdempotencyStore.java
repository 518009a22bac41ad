package ch.srsconnect.shared.store;

import static ch.srsconnect.shared.store.IdentificationItems.n;
import static ch.srsconnect.shared.store.IdentificationItems.s;

import ch.srsconnect.shared.Randomness;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/**
 * Idempotency records in the identification table (key {@code idempotency#<len(owner)>#<owner>#<key>},
 * in no index). {@link #begin} is one conditional put, so of two concurrent requests with the same key
 * exactly one is {@link IdempotencyBegin.Started}.
 */
public final class IdempotencyStore {

    public static final Duration DEFAULT_TTL = Duration.ofHours(24);
    /** Longer than any request path may run (Lambda timeout of place-order). */
    public static final Duration DEFAULT_LEASE = Duration.ofSeconds(60);
    public static final int MAX_KEY_LENGTH = 255;

    static final String TYPE = "idempotency";
    static final String OWNER = "idemOwner";
    static final String KEY = "idemKey";
    static final String HASH = "requestHash";
    static final String STATE = "state";
    static final String LEASE_TOKEN = "leaseToken";
    static final String LEASE_EXPIRES_AT = "leaseExpiresAt";
    static final String RESPONSE_STATUS = "responseStatus";
    static final String RESPONSE_BODY = "responseBody";
    static final String STARTED_AT = "startedAt";

    private static final Map<String, String> NAMES = Map.of(
            "#id", TableDefinition.PK, "#state", STATE, "#hash", HASH, "#lease", LEASE_EXPIRES_AT,
            "#ttl", TableDefinition.TTL, "#type", TableDefinition.ITEM_TYPE);

    private final DynamoDbClient dynamo;
    private final String table;
    private final Clock clock;
    private final Duration ttl;
    private final Duration lease;

    public IdempotencyStore(DynamoDbClient dynamo, String table, Clock clock, Duration ttl, Duration lease) {
        this.dynamo = Objects.requireNonNull(dynamo, "dynamo");
        this.table = Objects.requireNonNull(table, "table");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.ttl = Objects.requireNonNull(ttl, "ttl");
        this.lease = Objects.requireNonNull(lease, "lease");
        if (lease.compareTo(ttl) >= 0) {
            throw new IllegalArgumentException("lease must be shorter than ttl");
        }
    }

    public IdempotencyStore(DynamoDbClient dynamo, String table) {
        this(dynamo, table, Clock.systemUTC(), DEFAULT_TTL, DEFAULT_LEASE);
    }

    static String itemId(String owner, String key) {
        return TableDefinition.IDEMPOTENCY_KEY_PREFIX + owner.length() + "#" + owner + "#" + key;
    }

    /**
     * Claims {@code key} for a request. Succeeds when the key is unused, when its record has expired
     * (TTL deletion lags), or when the same request's lease ran out (its Lambda died).
     */
    public IdempotencyBegin begin(String owner, String key, String requestHash) {
        validate(owner, key);
        if (requestHash == null || requestHash.isBlank()) {
            throw new IllegalArgumentException("requestHash is required");
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        String token = Randomness.uuid();
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(TableDefinition.PK, s(itemId(owner, key)));
        item.put(TableDefinition.ITEM_TYPE, s(TYPE));
        item.put(OWNER, s(owner));
        item.put(KEY, s(key));
        item.put(HASH, s(requestHash));
        item.put(STATE, s(IdempotencyRecord.State.IN_PROGRESS.name()));
        item.put(LEASE_TOKEN, s(token));
        item.put(LEASE_EXPIRES_AT, n(now.plus(lease).toEpochMilli()));
        item.put(STARTED_AT, n(now.toEpochMilli()));
        item.put(TableDefinition.TTL, n(now.plus(ttl).getEpochSecond()));
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                dynamo.putItem(PutItemRequest.builder()
                        .tableName(table)
                        .item(item)
                        .conditionExpression("attribute_not_exists(#id) OR (#type = :type AND (#ttl < :nowSeconds"
                                + " OR (#state = :inProgress AND #lease < :nowMillis AND #hash = :hash)))")
                        .expressionAttributeNames(NAMES)
                        .expressionAttributeValues(Map.of(
                                ":type", s(TYPE),
                                ":nowSeconds", n(now.getEpochSecond()),
                                ":nowMillis", n(now.toEpochMilli()),
                                ":inProgress", s(IdempotencyRecord.State.IN_PROGRESS.name()),
                                ":hash", s(requestHash)))
                        .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                        .build());
                return new IdempotencyBegin.Started(token);
            } catch (ConditionalCheckFailedException e) {
                Map<String, AttributeValue> old = e.hasItem() && !e.item().isEmpty() ? e.item() : read(owner, key);
                if (old == null) {
                    continue; // deleted meanwhile (released): try again
                }
                IdempotencyRecord r = fromItem(old);
                if (!requestHash.equals(r.requestHash())) {
                    return new IdempotencyBegin.Conflict();
                }
                if (r.state() == IdempotencyRecord.State.COMPLETED) {
                    return new IdempotencyBegin.Completed(r);
                }
                return new IdempotencyBegin.InProgress(r.leaseExpiresAt());
            }
        }
        throw new IllegalStateException("idempotency key kept changing under begin");
    }

    /**
     * Stores the response of the request that holds the lease; later {@link #begin}s with the same hash
     * get it back as {@link IdempotencyBegin.Completed}.
     *
     * @throws IdempotencyLeaseLostException if this lease no longer holds the key
     */
    public IdempotencyRecord complete(String owner, String key, String leaseToken, int responseStatus, String responseBody) {
        validate(owner, key);
        try {
            UpdateItemResponse r = dynamo.updateItem(b -> b.tableName(table)
                    .key(Map.of(TableDefinition.PK, s(itemId(owner, key))))
                    .updateExpression("SET #state = :completed, #status = :status, #body = :body REMOVE #token, #lease")
                    .conditionExpression("#state = :inProgress AND #token = :tokenValue")
                    .expressionAttributeNames(Map.of("#state", STATE, "#status", RESPONSE_STATUS, "#body", RESPONSE_BODY,
                            "#token", LEASE_TOKEN, "#lease", LEASE_EXPIRES_AT))
                    .expressionAttributeValues(Map.of(
                            ":completed", s(IdempotencyRecord.State.COMPLETED.name()),
                            ":inProgress", s(IdempotencyRecord.State.IN_PROGRESS.name()),
                            ":status", n(responseStatus),
                            ":body", s(responseBody == null ? "" : responseBody),
                            ":tokenValue", s(leaseToken)))
                    .returnValues(ReturnValue.ALL_NEW));
            return fromItem(r.attributes());
        } catch (ConditionalCheckFailedException e) {
            throw new IdempotencyLeaseLostException("idempotency key is no longer held by this request");
        }
    }

    /**
     * Gives the key up without a response (the request failed in a way a retry may fix, e.g. SRS was
     * unavailable). Does nothing if this lease no longer holds the key.
     *
     * @return whether the record was removed
     */
    public boolean release(String owner, String key, String leaseToken) {
        validate(owner, key);
        try {
            dynamo.deleteItem(b -> b.tableName(table)
                    .key(Map.of(TableDefinition.PK, s(itemId(owner, key))))
                    .conditionExpression("#state = :inProgress AND #token = :tokenValue")
                    .expressionAttributeNames(Map.of("#state", STATE, "#token", LEASE_TOKEN))
                    .expressionAttributeValues(Map.of(
                            ":inProgress", s(IdempotencyRecord.State.IN_PROGRESS.name()),
                            ":tokenValue", s(leaseToken))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    private Map<String, AttributeValue> read(String owner, String key) {
        GetItemResponse r = dynamo.getItem(b -> b.tableName(table)
                .key(Map.of(TableDefinition.PK, s(itemId(owner, key)))).consistentRead(true));
        return r.hasItem() && !r.item().isEmpty() ? r.item() : null;
    }

    private static void validate(String owner, String key) {
        if (owner == null || owner.isBlank()) {
            throw new IllegalArgumentException("owner is required");
        }
        if (key == null || key.isBlank() || key.length() > MAX_KEY_LENGTH) {
            throw new IllegalArgumentException("idempotency key must have 1.." + MAX_KEY_LENGTH + " characters");
        }
        if (owner.length() > 1024) {
            throw new IllegalArgumentException("owner is too long");
        }
    }

    private static IdempotencyRecord fromItem(Map<String, AttributeValue> m) {
        AttributeValue status = m.get(RESPONSE_STATUS);
        AttributeValue lease = m.get(LEASE_EXPIRES_AT);
        return new IdempotencyRecord(
                IdentificationItems.str(m, OWNER),
                IdentificationItems.str(m, KEY),
                IdentificationItems.str(m, HASH),
                IdempotencyRecord.State.valueOf(IdentificationItems.str(m, STATE)),
                status == null ? null : Integer.valueOf(status.n()),
                IdentificationItems.str(m, RESPONSE_BODY),
                Instant.ofEpochMilli(IdentificationItems.num(m, STARTED_AT)),
                lease == null ? null : Instant.ofEpochMilli(Long.parseLong(lease.n())),
                Instant.ofEpochSecond(IdentificationItems.num(m, TableDefinition.TTL)));
    }
}
