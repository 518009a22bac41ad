package ch.srsconnect.shared.order;

import ch.srsconnect.shared.Randomness;
import ch.srsconnect.shared.store.TableDefinition;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * One order placement at a time per caller and msisdn, so "cancel the earlier pending orders, then place" cannot
 * interleave with a concurrent placement for the same msisdn (both would survive). A lock is one item in the
 * identification table, {@code lock#<len(owner)>#<owner>#<msisdn>} ({@code itemType = lock}, in no index),
 * taken with a conditional put and a lease (a crashed holder frees it when the lease ends; TTL removes leftovers),
 * released with a delete conditional on the holder's token. Decision 0012.
 */
public final class MsisdnLocks {
    public static final String PREFIX = "lock#";
    static final String TYPE = "lock";
    static final String TOKEN = "lockToken";
    static final String LEASE_EXPIRES_AT = "leaseExpiresAt";

    private final DynamoDbClient dynamo;
    private final String table;
    private final Clock clock;
    private final Duration lease;

    public MsisdnLocks(DynamoDbClient dynamo, String table, Clock clock, Duration lease) {
        this.dynamo = dynamo;
        this.table = table;
        this.clock = clock;
        this.lease = lease;
    }

    static String key(String owner, String msisdn) {
        return PREFIX + owner.length() + "#" + owner + "#" + msisdn;
    }

    /** The holder's token, or empty if another placement holds a live lease. */
    public Optional<String> tryAcquire(String owner, String msisdn) {
        Instant now = clock.instant();
        String token = Randomness.uuid();
        try {
            dynamo.putItem(b -> b.tableName(table)
                    .item(Map.of(
                            TableDefinition.PK, AttributeValue.fromS(key(owner, msisdn)),
                            TableDefinition.ITEM_TYPE, AttributeValue.fromS(TYPE),
                            TOKEN, AttributeValue.fromS(token),
                            LEASE_EXPIRES_AT, AttributeValue.fromN(Long.toString(now.plus(lease).toEpochMilli())),
                            TableDefinition.TTL, AttributeValue.fromN(Long.toString(now.plus(lease).plus(Duration.ofHours(1)).getEpochSecond()))))
                    .conditionExpression("attribute_not_exists(#id) OR (#type = :type AND #lease < :now)")
                    .expressionAttributeNames(Map.of("#id", TableDefinition.PK, "#type", TableDefinition.ITEM_TYPE,
                            "#lease", LEASE_EXPIRES_AT))
                    .expressionAttributeValues(Map.of(":type", AttributeValue.fromS(TYPE),
                            ":now", AttributeValue.fromN(Long.toString(now.toEpochMilli())))));
            return Optional.of(token);
        } catch (ConditionalCheckFailedException e) {
            return Optional.empty();
        }
    }

    /** Releases the lock if this token still holds it (a lease taken over after expiry is left alone). */
    public void release(String owner, String msisdn, String token) {
        try {
            dynamo.deleteItem(b -> b.tableName(table)
                    .key(Map.of(TableDefinition.PK, AttributeValue.fromS(key(owner, msisdn))))
                    .conditionExpression("#token = :token")
                    .expressionAttributeNames(Map.of("#token", TOKEN))
                    .expressionAttributeValues(Map.of(":token", AttributeValue.fromS(token))));
        } catch (ConditionalCheckFailedException e) {
            // our lease ran out and someone else holds it now
        }
    }
}
