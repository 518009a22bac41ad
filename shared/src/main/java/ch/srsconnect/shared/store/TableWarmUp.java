package ch.srsconnect.shared.store;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

import java.util.List;
import java.util.Map;

/**
 * Builds one request of each DynamoDB operation the stores send, and sends none (no I/O). A request class's first
 * use initialises its field table, about 30 lambdas each, on the first request that touches the table; a handler's
 * init calls this instead (docs/performance.md, cold start).
 */
public final class TableWarmUp {
    private TableWarmUp() {
    }

    public static void requests() {
        Map<String, AttributeValue> key = Map.of(TableDefinition.PK, AttributeValue.fromS("warm-up"));
        Map<String, AttributeValue> values = Map.of(":n", AttributeValue.fromN("1"), ":s", AttributeValue.fromS("s"),
                ":b", AttributeValue.fromBool(true), ":m", AttributeValue.fromM(key),
                ":l", AttributeValue.fromL(List.of(AttributeValue.fromS("s"))));
        Map<String, String> names = Map.of("#a", "a");
        PutItemRequest.builder().tableName("warm-up").item(key).conditionExpression("attribute_not_exists(#a)")
                .expressionAttributeNames(names)
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD).build();
        UpdateItemRequest.builder().tableName("warm-up").key(key).updateExpression("SET #a = :n")
                .conditionExpression("#a = :s").expressionAttributeNames(names).expressionAttributeValues(values)
                .returnValues(ReturnValue.ALL_NEW).build();
        GetItemRequest.builder().tableName("warm-up").key(key).consistentRead(true).build();
        QueryRequest.builder().tableName("warm-up").indexName("i").keyConditionExpression("#a = :s")
                .expressionAttributeNames(names).expressionAttributeValues(values).exclusiveStartKey(key).limit(1)
                .scanIndexForward(false).build();
        DeleteItemRequest.builder().tableName("warm-up").key(key).conditionExpression("#a = :s")
                .expressionAttributeNames(names).expressionAttributeValues(values).build();
    }
}
