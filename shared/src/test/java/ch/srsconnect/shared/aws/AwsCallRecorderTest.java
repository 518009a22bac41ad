package ch.srsconnect.shared.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.srsconnect.shared.config.Config;
import ch.srsconnect.shared.config.EnvVar;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequest;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

class AwsCallRecorderTest {

    /** Nothing listens on the discard port: every call fails after the recorder has seen it, as a denied call would. */
    private static final String NOWHERE = "http://127.0.0.1:9";

    @TempDir
    Path dir;

    private Config config() {
        return Config.of(Map.of(EnvVar.AWS_REGION, "eu-central-2", EnvVar.AWS_ACCESS_KEY_ID, "k", EnvVar.AWS_SECRET_ACCESS_KEY, "s",
                EnvVar.AWS_ENDPOINT_URL_DYNAMODB, NOWHERE, EnvVar.AWS_ENDPOINT_URL_SQS, NOWHERE,
                EnvVar.AWS_ENDPOINT_URL_SECRETS_MANAGER, NOWHERE, EnvVar.AWS_ENDPOINT_URL_EVENTBRIDGE, NOWHERE,
                EnvVar.SRS_CONNECT_AWS_CALL_LOG, dir.toString(), EnvVar.SRS_CONNECT_AWS_CALL_ACCOUNT, "123456789012"));
    }

    /** A handler as Lambda would run it: its class on the stack names the function. */
    static final class TableHandler implements RequestHandler<String, String> {
        private final DynamoDbClient dynamo;

        TableHandler(DynamoDbClient dynamo) {
            this.dynamo = dynamo;
        }

        @Override
        public String handleRequest(String table, Context context) {
            assertThrows(SdkClientException.class, () -> dynamo.updateItem(b -> b.tableName(table).key(Map.of())));
            assertThrows(SdkClientException.class, () -> dynamo.query(b -> b.tableName(table).indexName("byOwner")));
            return "done";
        }
    }

    private List<String> lines() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.flatMap(f -> {
                try {
                    return Files.readAllLines(f).stream();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).collect(Collectors.toList());
        }
    }

    @Test
    void recordsTheHandlerTheIamActionAndTheResourceArnOfEachCall() throws IOException {
        DynamoDbClient dynamo = AwsClients.configure(DynamoDbClient.builder(), config(), EnvVar.AWS_ENDPOINT_URL_DYNAMODB)
                .httpClient(AwsClients.httpClient()).build();
        new TableHandler(dynamo).handleRequest("ids", null);
        String handler = TableHandler.class.getName();
        assertEquals(List.of(
                "{\"handler\":\"" + handler + "\",\"action\":\"dynamodb:UpdateItem\",\"operation\":\"UpdateItem\","
                        + "\"resource\":\"arn:aws:dynamodb:eu-central-2:123456789012:table/ids\"}",
                "{\"handler\":\"" + handler + "\",\"action\":\"dynamodb:Query\",\"operation\":\"Query\","
                        + "\"resource\":\"arn:aws:dynamodb:eu-central-2:123456789012:table/ids/index/byOwner\"}"),
                lines());
    }

    @Test
    void aCallOutsideAnyHandlerIsMarkedUnattributedAndEachDistinctCallIsWrittenOnce() throws IOException {
        SecretsManagerClient sm = AwsClients.configure(SecretsManagerClient.builder(), config(), EnvVar.AWS_ENDPOINT_URL_SECRETS_MANAGER)
                .httpClient(AwsClients.httpClient()).build();
        String arn = "arn:aws:secretsmanager:eu-central-2:123456789012:secret:creds-AbCdEf";
        for (int i = 0; i < 3; i++) {
            assertThrows(SdkClientException.class, () -> sm.getSecretValue(b -> b.secretId(arn)));
        }
        List<String> lines = lines();
        assertEquals(1, lines.size(), lines.toString());
        assertTrue(lines.getFirst().contains("\"handler\":\"unattributed:" + AwsCallRecorderTest.class.getName() + "\""), lines.getFirst());
        assertTrue(lines.getFirst().contains("\"action\":\"secretsmanager:GetSecretValue\",\"operation\":\"GetSecretValue\",\"resource\":\"" + arn + "\""));
    }

    @Test
    void batchOperationsAreAuthorizedAsTheirSingleActionAndEventsByBusArn() throws IOException {
        SqsClient sqs = AwsClients.configure(SqsClient.builder(), config(), EnvVar.AWS_ENDPOINT_URL_SQS)
                .httpClient(AwsClients.httpClient()).build();
        assertThrows(SdkClientException.class, () -> sqs.sendMessageBatch(b -> b.queueUrl("http://127.0.0.1:9/000000000001/polls")
                .entries(SendMessageBatchRequestEntry.builder().id("1").messageBody("x").build())));
        EventBridgeClient eb = AwsClients.configure(EventBridgeClient.builder(), config(), EnvVar.AWS_ENDPOINT_URL_EVENTBRIDGE)
                .httpClient(AwsClients.httpClient()).build();
        assertThrows(SdkClientException.class, () -> eb.putEvents(PutEventsRequest.builder().entries(
                PutEventsRequestEntry.builder().eventBusName("status").source("s").detailType("d").detail("{}").build(),
                PutEventsRequestEntry.builder().source("s").detailType("d").detail("{}").build()).build()));
        String all = String.join("\n", lines());
        assertTrue(all.contains("\"action\":\"sqs:SendMessage\",\"operation\":\"SendMessageBatch\",\"resource\":\"arn:aws:sqs:eu-central-2:000000000001:polls\""), all);
        assertTrue(all.contains("\"action\":\"events:PutEvents\",\"operation\":\"PutEvents\",\"resource\":\"arn:aws:events:eu-central-2:123456789012:event-bus/status\""), all);
        assertTrue(all.contains("\"resource\":\"arn:aws:events:eu-central-2:123456789012:event-bus/default\""), all);
    }

    @Test
    void withoutTheVariableNoRecorderIsInstalled() {
        Config plain = Config.of(Map.of(EnvVar.AWS_REGION, "eu-central-2"));
        assertTrue(AwsCallRecorder.fromConfig(plain).isEmpty());
        assertFalse(AwsCallRecorder.fromConfig(config()).isEmpty());
    }
}
