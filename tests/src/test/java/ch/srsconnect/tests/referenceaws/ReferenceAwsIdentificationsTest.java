package ch.srsconnect.tests.referenceaws;

import ch.srsconnect.orders.IdentificationsHandler;
import ch.srsconnect.shared.Platform;
import ch.srsconnect.shared.config.Config;
import ch.srsconnect.shared.json.Json;
import ch.srsconnect.tests.HttpApiEvents;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The identification scenarios with DynamoDB and Secrets Manager in a reference AWS emulator ({@link ReferenceAws}: LocalStack where
 * Docker runs, else moto) instead of the embedded stand-ins:
 * same handler, only the endpoints differ. Skipped only where neither is installed.
 */
class ReferenceAwsIdentificationsTest {

    static final String TABLE = "srs-connect-identifications";

    private static ReferenceAwsStack aws;

    @BeforeAll
    static void clients() {
        aws = new ReferenceAwsStack(ReferenceAws.require(), TABLE);
    }

    @AfterAll
    static void close() {
        if (aws != null) {
            aws.close();
        }
    }

    private static IdentificationsHandler handler() {
        return new IdentificationsHandler(Platform.fromConfig(Config.of(aws.functionEnvironment("orders"))));
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
        Map<String, AttributeValue> item = aws.dynamo().getItem(b -> b.tableName(TABLE)
                .key(Map.of("id", AttributeValue.fromS(placed.path("id").asText()))).consistentRead(true)).item();
        assertEquals("canceled", item.get("status").s());
        assertFalse(item.toString().contains("Muster") || item.toString().contains("1980-12-31"));
        APIGatewayV2HTTPResponse other = handler.handleRequest(HttpApiEvents.withPathParameters("GET /identifications/{id}",
                "/identifications/" + placed.path("id").asText(), Map.of("id", placed.path("id").asText()), "mallory"), null);
        assertEquals(404, other.getStatusCode());
    }
}
