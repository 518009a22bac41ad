package ch.srsconnect.tests.localstack;

import ch.srsconnect.orders.IdentificationsHandler;
import ch.srsconnect.shared.Platform;
import ch.srsconnect.shared.config.Config;
import ch.srsconnect.shared.config.EnvVar;
import ch.srsconnect.shared.json.Json;
import ch.srsconnect.shared.store.TableDefinition;
import ch.srsconnect.tests.HttpApiEvents;
import ch.srsconnect.tests.TestEnvironment;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.localstack.LocalStackContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The identification scenarios with DynamoDB and Secrets Manager in LocalStack instead of the embedded stand-ins:
 * same handler, only the endpoints differ. Skipped where no Docker engine runs (these machines have none).
 */
@Testcontainers(disabledWithoutDocker = true)
class LocalStackIdentificationsTest {

    static final String TABLE = "srs-connect-identifications";

    @Container
    static final LocalStackContainer LOCALSTACK = new LocalStackContainer(LocalStackListMethodsTest.IMAGE)
            .withServices(LocalStackContainer.Service.SECRETSMANAGER, LocalStackContainer.Service.DYNAMODB);

    private static SecretsManagerClient secretsManager;
    private static DynamoDbClient dynamo;

    @BeforeAll
    static void clients() {
        var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create(LOCALSTACK.getAccessKey(), LOCALSTACK.getSecretKey()));
        secretsManager = SecretsManagerClient.builder().httpClient(UrlConnectionHttpClient.create())
                .endpointOverride(LOCALSTACK.getEndpoint()).region(Region.of(LOCALSTACK.getRegion()))
                .credentialsProvider(credentials).build();
        dynamo = DynamoDbClient.builder().httpClient(UrlConnectionHttpClient.create())
                .endpointOverride(LOCALSTACK.getEndpoint()).region(Region.of(LOCALSTACK.getRegion()))
                .credentialsProvider(credentials).build();
        dynamo.createTable(TableDefinition.createTableRequest(TABLE));
        dynamo.updateTimeToLive(TableDefinition.timeToLiveRequest(TABLE));
    }

    @AfterAll
    static void close() {
        if (secretsManager != null) {
            secretsManager.close();
        }
        if (dynamo != null) {
            dynamo.close();
        }
    }

    private static IdentificationsHandler handler() {
        Map<String, String> vars = new HashMap<>(TestEnvironment.get().functionEnvironment("localstack-orders"));
        vars.put(EnvVar.SRS_CREDENTIALS_SECRET_ID, secretsManager.createSecret(r -> r.name("srs-connect/orders/credentials")
                .secretString("{\"clientId\":\"missswaggerclient\",\"clientSecret\":\"missswaggerclientsecret\"}")).arn());
        vars.put(EnvVar.SRS_TOKEN_CACHE_SECRET_ID, secretsManager.createSecret(r -> r.name("srs-connect/orders/token-cache/miss")
                .secretString("{}")).arn());
        vars.put(EnvVar.IDENTIFICATION_TABLE_NAME, TABLE);
        vars.put(EnvVar.AWS_ENDPOINT_URL_SECRETS_MANAGER, LOCALSTACK.getEndpoint().toString());
        vars.put(EnvVar.AWS_ENDPOINT_URL_DYNAMODB, LOCALSTACK.getEndpoint().toString());
        vars.put(EnvVar.AWS_REGION, LOCALSTACK.getRegion());
        vars.put(EnvVar.AWS_ACCESS_KEY_ID, LOCALSTACK.getAccessKey());
        vars.put(EnvVar.AWS_SECRET_ACCESS_KEY, LOCALSTACK.getSecretKey());
        return new IdentificationsHandler(Platform.fromConfig(Config.of(vars)));
    }

    private static String order(String msisdn) {
        return "{\"issuer\":\"test\",\"method\":\"video\",\"msisdn\":\"" + msisdn + "\","
                + "\"person\":{\"firstName\":\"Max\",\"lastName\":\"Muster\",\"dob\":\"1980-12-31\"}}";
    }

    @Test
    void placeTwiceForOneMsisdnIdempotentlyAndTheSecondCancelsTheFirst() throws Exception {
        IdentificationsHandler handler = handler();
        Map<String, String> key = Map.of("idempotency-key", "ls-1");
        APIGatewayV2HTTPResponse first = handler.handleRequest(HttpApiEvents.postJson("POST /identifications", "/identifications",
                order("+41790000001"), key, "alice"), null);
        APIGatewayV2HTTPResponse replay = handler.handleRequest(HttpApiEvents.postJson("POST /identifications", "/identifications",
                order("+41790000001"), key, "alice"), null);
        assertEquals(201, first.getStatusCode(), first.getBody());
        assertEquals(first.getBody(), replay.getBody());
        JsonNode placed = Json.MAPPER.readTree(first.getBody());

        APIGatewayV2HTTPResponse second = handler.handleRequest(HttpApiEvents.postJson("POST /identifications", "/identifications",
                order("+41790000001"), Map.of(), "alice"), null);
        assertEquals(201, second.getStatusCode(), second.getBody());
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(TABLE)
                .key(Map.of("id", AttributeValue.fromS(placed.path("id").asText()))).consistentRead(true)).item();
        assertEquals("canceled", item.get("status").s());
        assertFalse(item.toString().contains("Muster") || item.toString().contains("1980-12-31"));
        APIGatewayV2HTTPResponse other = handler.handleRequest(HttpApiEvents.withPathParameters("GET /identifications/{id}",
                "/identifications/" + placed.path("id").asText(), Map.of("id", placed.path("id").asText()), "mallory"), null);
        assertEquals(404, other.getStatusCode());
    }
}
