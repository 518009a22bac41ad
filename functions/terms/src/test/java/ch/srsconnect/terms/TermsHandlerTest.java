package ch.srsconnect.terms;

import ch.srsconnect.shared.Platform;
import ch.srsconnect.shared.config.Config;
import ch.srsconnect.shared.json.Json;
import ch.srsconnect.shared.terms.TermsWiring;
import ch.srsconnect.shared.token.InMemorySecretStore;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Input handling that must be decided before any I/O: every collaborator points at an address where nothing
 * listens, so a test that reached Swisscom or DynamoDB would answer 5xx instead of the expected 4xx.
 */
class TermsHandlerTest {

    private static final String NOWHERE = "http://127.0.0.1:9";
    private final TermsHandler handler = new TermsHandler(TermsWiring.of(Platform.withSecretStore(Config.of(Map.of(
            "SRS_BASE_URL", NOWHERE, "IDP_TOKEN_URL", NOWHERE + "/oauth/token", "RA_BASE_URL", NOWHERE,
            "SMARTFLOWS_BASE_URL", NOWHERE, "SRS_CREDENTIALS_SECRET_ID", "c", "SRS_TOKEN_CACHE_SECRET_ID", "m",
            "SMARTFLOWS_TOKEN_CACHE_SECRET_ID", "s", "IDENTIFICATION_TABLE_NAME", "t", "AWS_REGION", "eu-central-2",
            "AWS_ENDPOINT_URL_DYNAMODB", NOWHERE)).with(Map.of("RA_CLIENT_CERTIFICATE_SECRET_ID", "r")),
            new InMemorySecretStore()), Clock.systemUTC()));

    private static APIGatewayV2HTTPEvent event(String routeKey, Map<String, String> pathParameters, String body, String sub) {
        var ctx = APIGatewayV2HTTPEvent.RequestContext.builder().withRouteKey(routeKey)
                .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod(routeKey.substring(0, routeKey.indexOf(' '))).build());
        if (sub != null) {
            ctx.withAuthorizer(APIGatewayV2HTTPEvent.RequestContext.Authorizer.builder()
                    .withJwt(APIGatewayV2HTTPEvent.RequestContext.Authorizer.JWT.builder().withClaims(Map.of("sub", sub)).build()).build());
        }
        return APIGatewayV2HTTPEvent.builder().withRouteKey(routeKey).withPathParameters(pathParameters).withBody(body)
                .withHeaders(body == null ? Map.of() : Map.of("content-type", "application/json"))
                .withRequestContext(ctx.build()).build();
    }

    private JsonNode call(APIGatewayV2HTTPEvent e, int expectedStatus) throws Exception {
        APIGatewayV2HTTPResponse r = handler.handleRequest(e, null);
        assertEquals(expectedStatus, r.getStatusCode(), r.getBody());
        assertEquals("application/problem+json", r.getHeaders().get("Content-Type"));
        return Json.MAPPER.readTree(r.getBody());
    }

    @Test
    void withoutTheOwnerClaimIs401() throws Exception {
        call(event(TermsHandler.START, null, "{\"msisdn\":\"+41791234567\"}", null), 401);
        call(event(TermsHandler.EVIDENCE, Map.of("msisdn", "+41791234567"), null, " "), 401);
    }

    @Test
    void badNumbersCodesAndBodiesAre400NamingTheField() throws Exception {
        assertEquals("msisdn", call(event(TermsHandler.START, null, "{\"msisdn\":\"079 123 45 67\"}", "a"), 400)
                .path("errors").path(0).path("field").asText());
        assertEquals("msisdn", call(event(TermsHandler.EVIDENCE, Map.of("msisdn", "x"), null, "a"), 400)
                .path("errors").path(0).path("field").asText());
        call(event(TermsHandler.START, null, "[1]", "a"), 400);
        APIGatewayV2HTTPEvent plain = event(TermsHandler.START, null, "{\"msisdn\":\"+41791234567\"}", "a");
        plain.setHeaders(Map.of("content-type", "text/plain"));
        assertEquals("Content-Type", call(plain, 415).path("errors").path(0).path("field").asText());
        call(event(TermsHandler.START, null, "{", "a"), 400);
        assertEquals("code", call(event(TermsHandler.CHECK, Map.of("id", "3f6c1a52-8d4e-4b7a-9c21-5e0f7a9b1c2d"),
                "{\"code\":\"A B\"}", "a"), 400).path("errors").path(0).path("field").asText());
        JsonNode confirm = call(event(TermsHandler.CONFIRM, Map.of("msisdn", "+41791234567"),
                "{\"decisionZertes\":true,\"decisionEidas\":\"yes\",\"knowsTheRisk\":false,\"token\":\"t\"}", "a"), 400);
        assertEquals(java.util.List.of("token", "decisionEidas", "knowsTheRisk"), confirm.path("errors").findValuesAsText("field"));
    }

    @Test
    void malformedVerificationIdsAndUnknownRoutesAre404() throws Exception {
        call(event(TermsHandler.CHECK, Map.of("id", "../../etc"), "{\"code\":\"ABCD\"}", "a"), 404);
        call(event("GET /nothing", null, null, "a"), 404);
    }
}
