package ch.srsconnect.shared.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.IndexStatus;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

class TableDefinitionTest {

    @Test
    void decisionRecordCarriesTheCurrentTemplateSnippet() throws Exception {
        Path doc = Path.of("..", "docs", "decisions", "0005-identification-table.md");
        String text = Files.readString(doc);
        assertTrue(text.contains(TableDefinition.cloudFormationYaml()),
                "docs/decisions/0005-identification-table.md must contain exactly:\n" + TableDefinition.cloudFormationYaml());
    }

    @Test
    void tableNameComesFromTheEnvironment() {
        assertEquals("t-1", TableDefinition.tableName(Map.of("IDENTIFICATION_TABLE_NAME", "t-1")));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, () -> TableDefinition.tableName(Map.of()));
    }

    @Test
    void createdTableHasTheKeysIndexesAndTtl() {
        String name = LocalDynamo.newTable();
        TableDescription t = LocalDynamo.client().describeTable(b -> b.tableName(name)).table();
        assertEquals(TableDefinition.PK, t.keySchema().getFirst().attributeName());
        assertEquals(3, t.globalSecondaryIndexes().size());
        t.globalSecondaryIndexes().forEach(g -> assertEquals(IndexStatus.ACTIVE, g.indexStatus()));
        assertEquals("expiresAt", LocalDynamo.client().describeTimeToLive(b -> b.tableName(name))
                .timeToLiveDescription().attributeName());
    }

    @Test
    void clientFromEnvironmentUsesRegionAndEndpointOverride() {
        try (DynamoDbClient c = DynamoDbClients.fromEnvironment(Map.of("AWS_REGION", "eu-central-2",
                "AWS_ENDPOINT_URL_DYNAMODB", "http://127.0.0.1:4566"))) {
            assertEquals(Region.EU_CENTRAL_2, c.serviceClientConfiguration().region());
            assertEquals(URI.create("http://127.0.0.1:4566"), c.serviceClientConfiguration().endpointOverride().orElseThrow());
        }
        try (DynamoDbClient c = DynamoDbClients.fromEnvironment(Map.of("AWS_REGION", "eu-central-2"))) {
            assertTrue(c.serviceClientConfiguration().endpointOverride().isEmpty());
        }
        org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, () -> DynamoDbClients.fromEnvironment(Map.of()));
    }
}
