package ch.srsconnect.local.aws;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(SharedAws.class)
class DynamoDbAndSqsTest {

    private static DynamoDbClient dynamo;
    private static SqsClient sqs;

    @BeforeAll
    static void clients() {
        dynamo = SharedAws.client(DynamoDbClient.builder(), SharedAws.aws().dynamoDbEndpoint());
        sqs = SharedAws.client(SqsClient.builder(), SharedAws.aws().sqsEndpoint());
    }

    @AfterAll
    static void closeClients() {
        dynamo.close();
        sqs.close();
    }

    @Test
    void dynamoDbCreateTablePutGetConditionalPut() {
        String table = "identifications-" + UUID.randomUUID().toString().substring(0, 8);
        dynamo.createTable(b -> b.tableName(table)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(AttributeDefinition.builder().attributeName("id")
                        .attributeType(ScalarAttributeType.S).build())
                .keySchema(KeySchemaElement.builder().attributeName("id").keyType(KeyType.HASH).build()));
        dynamo.waiter().waitUntilTableExists(b -> b.tableName(table));
        assertTrue(dynamo.describeTable(b -> b.tableName(table)).table().tableArn()
                .startsWith("arn:aws:dynamodb:"));

        Map<String, AttributeValue> item = Map.of(
                "id", AttributeValue.fromS("i-1"),
                "status", AttributeValue.fromS("pending"),
                "version", AttributeValue.fromN("1"));
        dynamo.putItem(b -> b.tableName(table).item(item));
        Map<String, AttributeValue> got = dynamo.getItem(b -> b.tableName(table)
                .key(Map.of("id", AttributeValue.fromS("i-1"))).consistentRead(true)).item();
        assertEquals(item, got);

        assertThrows(ConditionalCheckFailedException.class, () -> dynamo.putItem(b -> b.tableName(table)
                .item(item).conditionExpression("attribute_not_exists(id)")));
    }

    @Test
    void sqsQueueArnDelayAndRedriveToDeadLetterQueue() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String dlqUrl = sqs.createQueue(b -> b.queueName("polls-dlq-" + suffix)).queueUrl();
        assertEquals(SharedAws.aws().sqsEndpoint() + "/000000000000/polls-dlq-" + suffix, dlqUrl);
        String dlqArn = sqs.getQueueAttributes(b -> b.queueUrl(dlqUrl)
                .attributeNames(QueueAttributeName.QUEUE_ARN)).attributes().get(QueueAttributeName.QUEUE_ARN);
        assertEquals("arn:aws:sqs:eu-central-2:000000000000:polls-dlq-" + suffix, dlqArn);

        String url = sqs.createQueue(b -> b.queueName("polls-" + suffix).attributes(Map.of(
                QueueAttributeName.DELAY_SECONDS, "2",
                QueueAttributeName.VISIBILITY_TIMEOUT, "1",
                QueueAttributeName.REDRIVE_POLICY,
                "{\"deadLetterTargetArn\":\"" + dlqArn + "\",\"maxReceiveCount\":\"2\"}"))).queueUrl();
        assertEquals("2", sqs.getQueueAttributes(b -> b.queueUrl(url)
                .attributeNames(QueueAttributeName.DELAY_SECONDS)).attributes().get(QueueAttributeName.DELAY_SECONDS));

        sqs.sendMessage(b -> b.queueUrl(url).messageBody("{\"id\":\"i-1\"}"));
        assertEquals(List.of(), sqs.receiveMessage(b -> b.queueUrl(url)).messages(), "queue DelaySeconds holds it");

        // received twice without being deleted: maxReceiveCount 2 moves it to the DLQ on the next receive
        for (int i = 1; i <= 2; i++) {
            List<Message> got = sqs.receiveMessage(b -> b.queueUrl(url).waitTimeSeconds(5)).messages();
            assertEquals(1, got.size(), "receive " + i);
            assertEquals("{\"id\":\"i-1\"}", got.getFirst().body());
        }
        Thread.sleep(1_100);
        assertEquals(List.of(), sqs.receiveMessage(b -> b.queueUrl(url).waitTimeSeconds(1)).messages());
        List<Message> dead = sqs.receiveMessage(b -> b.queueUrl(dlqUrl).waitTimeSeconds(2)).messages();
        assertEquals(1, dead.size());
        assertEquals("{\"id\":\"i-1\"}", dead.getFirst().body());

        // per-message DelaySeconds, as the poll scheduler and worker use it
        sqs.sendMessage(b -> b.queueUrl(dlqUrl).messageBody("later").delaySeconds(3));
        sqs.deleteMessage(b -> b.queueUrl(dlqUrl).receiptHandle(dead.getFirst().receiptHandle()));
        assertEquals(List.of(), sqs.receiveMessage(b -> b.queueUrl(dlqUrl)).messages());
        List<Message> later = sqs.receiveMessage(b -> b.queueUrl(dlqUrl).waitTimeSeconds(8)).messages();
        assertEquals("later", later.getFirst().body());
    }
}
