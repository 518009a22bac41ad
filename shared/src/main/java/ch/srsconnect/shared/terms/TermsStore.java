package ch.srsconnect.shared.terms;

import ch.srsconnect.shared.smartflows.TermsToken;
import ch.srsconnect.shared.store.TableDefinition;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The T&C acceptance a caller started for a number: item {@code terms#<len>#<owner>#<msisdn>} in the identification
 * table (TTL), holding the token taken from Smart Flows' T&C link so that the status can be polled without the
 * caller ever seeing or sending the token.
 */
public final class TermsStore {
    static final String PREFIX = "terms#";
    static final String TYPE = "terms-acceptance";
    static final String TOKEN = "tcToken";
    static final String STARTED_AT = "tcStartedAt";
    /** An acceptance left unfinished is forgotten after this. */
    public static final Duration KEEP = Duration.ofDays(1);

    public record Acceptance(TermsToken token, Instant startedAt) {
    }

    private final DynamoDbClient dynamo;
    private final String table;

    public TermsStore(DynamoDbClient dynamo, String table) {
        this.dynamo = Objects.requireNonNull(dynamo);
        this.table = Objects.requireNonNull(table);
    }

    static String id(String owner, String msisdn) {
        return PREFIX + owner.length() + "#" + owner + "#" + msisdn;
    }

    public void put(String owner, String msisdn, TermsToken token, Instant startedAt) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(TableDefinition.PK, AttributeValue.fromS(id(owner, msisdn)));
        item.put(TableDefinition.ITEM_TYPE, AttributeValue.fromS(TYPE));
        item.put(TOKEN, AttributeValue.fromS(token.value()));
        item.put(STARTED_AT, AttributeValue.fromN(Long.toString(startedAt.toEpochMilli())));
        item.put(TableDefinition.TTL, AttributeValue.fromN(Long.toString(startedAt.plus(KEEP).getEpochSecond())));
        dynamo.putItem(b -> b.tableName(table).item(item));
    }

    public Optional<Acceptance> get(String owner, String msisdn, Instant now) {
        GetItemResponse r = dynamo.getItem(b -> b.tableName(table)
                .key(Map.of(TableDefinition.PK, AttributeValue.fromS(id(owner, msisdn)))).consistentRead(true));
        if (!r.hasItem() || r.item().isEmpty() || !TYPE.equals(r.item().get(TableDefinition.ITEM_TYPE).s())) {
            return Optional.empty();
        }
        Instant started = Instant.ofEpochMilli(Long.parseLong(r.item().get(STARTED_AT).n()));
        if (!started.plus(KEEP).isAfter(now)) {
            return Optional.empty();   // TTL deletion lags
        }
        return Optional.of(new Acceptance(new TermsToken(r.item().get(TOKEN).s()), started));
    }

    public void delete(String owner, String msisdn) {
        dynamo.deleteItem(b -> b.tableName(table).key(Map.of(TableDefinition.PK, AttributeValue.fromS(id(owner, msisdn)))));
    }
}
