package ch.srsconnect.shared.store;

import java.util.List;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveSpecification;
import software.amazon.awssdk.services.dynamodb.model.UpdateTimeToLiveRequest;

/**
 * The one identification table: key schema, indexes and TTL, shared by the store, the tests, the local
 * runtime and (through {@link #cloudFormationYaml}) template.yaml. See docs/decisions/0005-identification-table.md.
 *
 * <p>Items: identifications ({@code itemType = identification}, key = our id) and idempotency records
 * ({@code itemType = idempotency}, key = {@value #IDEMPOTENCY_KEY_PREFIX}...). Only identifications
 * carry the index key attributes, so idempotency records are in no index.
 */
public final class TableDefinition {

    /** Environment variable holding the table name (set by template.yaml). */
    public static final String TABLE_NAME_ENV = "IDENTIFICATION_TABLE_NAME";
    /** Logical id of the table in template.yaml. */
    public static final String LOGICAL_ID = "IdentificationTable";

    public static final String PK = "id";
    public static final String ITEM_TYPE = "itemType";
    public static final String TTL = "expiresAt";

    public static final String OWNER = "owner";
    public static final String CREATED_AT = "createdAt";
    public static final String OWNER_MSISDN = "ownerMsisdn";
    public static final String POLL_SHARD = "pollShard";
    public static final String NEXT_POLL_AT = "nextPollAt";

    /** Caller's identifications, newest first: {@code owner} + {@code createdAt} (epoch ms). Projection ALL. */
    public static final String INDEX_BY_OWNER = "byOwner";
    /** Caller's identifications for one msisdn: {@code ownerMsisdn} ({@code owner#msisdn}) + {@code createdAt}. Projection ALL. */
    public static final String INDEX_BY_OWNER_MSISDN = "byOwnerMsisdn";
    /** Sparse: only items with {@code nextPollAt}; {@code pollShard} + {@code nextPollAt} (epoch ms). Keys only. */
    public static final String INDEX_DUE_POLLS = "duePolls";

    public static final String IDEMPOTENCY_KEY_PREFIX = "idempotency#";

    private TableDefinition() {
    }

    /** The table name from {@value #TABLE_NAME_ENV}; fails clearly when it is not set. */
    public static String tableName(java.util.Map<String, String> env) {
        String name = env.get(TABLE_NAME_ENV);
        if (name == null || name.isBlank()) {
            throw new IllegalStateException(TABLE_NAME_ENV + " is not set");
        }
        return name;
    }

    public static CreateTableRequest createTableRequest(String tableName) {
        return CreateTableRequest.builder()
                .tableName(tableName)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(
                        attr(PK, ScalarAttributeType.S),
                        attr(OWNER, ScalarAttributeType.S),
                        attr(CREATED_AT, ScalarAttributeType.N),
                        attr(OWNER_MSISDN, ScalarAttributeType.S),
                        attr(POLL_SHARD, ScalarAttributeType.N),
                        attr(NEXT_POLL_AT, ScalarAttributeType.N))
                .keySchema(key(PK, KeyType.HASH))
                .globalSecondaryIndexes(
                        gsi(INDEX_BY_OWNER, OWNER, CREATED_AT, ProjectionType.ALL),
                        gsi(INDEX_BY_OWNER_MSISDN, OWNER_MSISDN, CREATED_AT, ProjectionType.ALL),
                        gsi(INDEX_DUE_POLLS, POLL_SHARD, NEXT_POLL_AT, ProjectionType.KEYS_ONLY))
                .build();
    }

    public static UpdateTimeToLiveRequest timeToLiveRequest(String tableName) {
        return UpdateTimeToLiveRequest.builder()
                .tableName(tableName)
                .timeToLiveSpecification(TimeToLiveSpecification.builder().attributeName(TTL).enabled(true).build())
                .build();
    }

    /** The {@code AWS::DynamoDB::Table} resource for template.yaml, indented for the Resources section. */
    public static String cloudFormationYaml() {
        StringBuilder y = new StringBuilder();
        y.append("  ").append(LOGICAL_ID).append(":\n");
        y.append("    Type: AWS::DynamoDB::Table\n");
        y.append("    DeletionPolicy: Retain\n");
        y.append("    UpdateReplacePolicy: Retain\n");
        y.append("    Properties:\n");
        y.append("      BillingMode: PAY_PER_REQUEST\n");
        y.append("      AttributeDefinitions:\n");
        for (AttributeDefinition a : createTableRequest("x").attributeDefinitions()) {
            y.append("        - AttributeName: ").append(a.attributeName()).append('\n');
            y.append("          AttributeType: ").append(a.attributeTypeAsString()).append('\n');
        }
        y.append("      KeySchema:\n");
        y.append("        - AttributeName: ").append(PK).append("\n          KeyType: HASH\n");
        y.append("      GlobalSecondaryIndexes:\n");
        for (GlobalSecondaryIndex g : createTableRequest("x").globalSecondaryIndexes()) {
            y.append("        - IndexName: ").append(g.indexName()).append('\n');
            y.append("          KeySchema:\n");
            for (KeySchemaElement k : g.keySchema()) {
                y.append("            - AttributeName: ").append(k.attributeName()).append('\n');
                y.append("              KeyType: ").append(k.keyTypeAsString()).append('\n');
            }
            y.append("          Projection:\n");
            y.append("            ProjectionType: ").append(g.projection().projectionTypeAsString()).append('\n');
        }
        y.append("      TimeToLiveSpecification:\n");
        y.append("        AttributeName: ").append(TTL).append("\n        Enabled: true\n");
        y.append("      PointInTimeRecoverySpecification:\n");
        y.append("        PointInTimeRecoveryEnabled: true\n");
        y.append("      SSESpecification:\n");
        y.append("        SSEEnabled: true\n");
        return y.toString();
    }

    static List<String> indexKeyNames(String index) {
        return switch (index) {
            case INDEX_BY_OWNER -> List.of(OWNER, CREATED_AT);
            case INDEX_BY_OWNER_MSISDN -> List.of(OWNER_MSISDN, CREATED_AT);
            case INDEX_DUE_POLLS -> List.of(POLL_SHARD, NEXT_POLL_AT);
            default -> throw new IllegalArgumentException("unknown index " + index);
        };
    }

    private static AttributeDefinition attr(String name, ScalarAttributeType type) {
        return AttributeDefinition.builder().attributeName(name).attributeType(type).build();
    }

    private static KeySchemaElement key(String name, KeyType type) {
        return KeySchemaElement.builder().attributeName(name).keyType(type).build();
    }

    private static GlobalSecondaryIndex gsi(String name, String hash, String range, ProjectionType projection) {
        return GlobalSecondaryIndex.builder()
                .indexName(name)
                .keySchema(key(hash, KeyType.HASH), key(range, KeyType.RANGE))
                .projection(Projection.builder().projectionType(projection).build())
                .build();
    }
}
