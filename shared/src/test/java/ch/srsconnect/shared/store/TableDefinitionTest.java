package ch.srsconnect.shared.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
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
}
