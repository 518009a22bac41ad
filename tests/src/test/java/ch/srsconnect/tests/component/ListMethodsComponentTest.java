package ch.srsconnect.tests.component;

import ch.srsconnect.methods.ListMethodsHandler;
import ch.srsconnect.shared.Platform;
import ch.srsconnect.shared.json.Json;
import ch.srsconnect.simulator.FaultSpec;
import ch.srsconnect.tests.HttpApiEvents;
import ch.srsconnect.tests.TestEnvironment;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** GET /methods: the real handler, the real SRS client and token cache, against the simulator and the Secrets Manager stand-in. */
class ListMethodsComponentTest {

    private final TestEnvironment env = TestEnvironment.get();

    @AfterEach
    void clearFaults() {
        env.simulator().faults().clear();
    }

    private APIGatewayV2HTTPResponse get(ListMethodsHandler handler, String query) {
        return handler.handleRequest(HttpApiEvents.get("GET /methods", "/methods", query, "alice"), null);
    }

    private static List<String> methodKeys(APIGatewayV2HTTPResponse response) throws Exception {
        JsonNode body = Json.MAPPER.readTree(response.getBody());
        List<String> keys = new ArrayList<>();
        for (JsonNode m : body.path("methods")) {
            keys.add(m.path("issuer").asText() + "/" + m.path("method").asText());
        }
        return keys;
    }

    @Test
    void zertesLoa4ListsTheTwoIntrumMethodsAndTheMock() throws Exception {
        ListMethodsHandler handler = new ListMethodsHandler(Platform.fromConfig(env.config("methods-zertes")));
        APIGatewayV2HTTPResponse response = get(handler, "jurisdiction=ZERTES&loa=4");

        assertEquals(200, response.getStatusCode(), response.getBody());
        assertEquals(new TreeSet<>(List.of("intrum-autoident/autoident", "intrum-video/video", "test/video")),
                new TreeSet<>(methodKeys(response)));
    }

    @Test
    void eidasLoa3ListsAllSixCurrentMethodsAndTheMock() throws Exception {
        ListMethodsHandler handler = new ListMethodsHandler(Platform.fromConfig(env.config("methods-eidas")));
        APIGatewayV2HTTPResponse response = get(handler, "jurisdiction=EIDAS&loa=3");

        assertEquals(200, response.getStatusCode(), response.getBody());
        List<String> keys = methodKeys(response);
        assertEquals(7, keys.size(), keys.toString());
        assertTrue(keys.containsAll(List.of("IDENTITY.TM/video", "KLARNA/bank", "identity-tm-eid/eID", "nect/robo-ident",
                "intrum-video/video", "intrum-autoident/autoident", "test/video")), keys.toString());
    }

    @Test
    void enrichedEntriesCarryWhatAFrontendNeeds() throws Exception {
        ListMethodsHandler handler = new ListMethodsHandler(Platform.fromConfig(env.config("methods-enriched")));
        JsonNode body = Json.MAPPER.readTree(get(handler, "issuer=KLARNA&jurisdiction=EIDAS&loa=4").getBody());
        JsonNode klarna = body.path("methods").get(0);

        assertNotNull(klarna, body.toString());
        assertEquals("KLARNA", klarna.path("issuer").asText());
        assertFalse(klarna.path("redirectNotice").path("de").asText().isBlank(), klarna.toString());
        assertFalse(klarna.path("redirectNotice").path("en").asText().isBlank(), klarna.toString());
        assertTrue(klarna.toString().contains("firstName"), "mandatory fields listed: " + klarna);
    }

    @Test
    void badFiltersAre400ProblemsNamingTheParameter() throws Exception {
        ListMethodsHandler handler = new ListMethodsHandler(Platform.fromConfig(env.config("methods-bad")));
        for (Map.Entry<String, String> c : Map.of("jurisdiction=MARS", "jurisdiction", "loa=5", "loa",
                "offline=maybe", "offline").entrySet()) {
            long srsCallsBefore = env.simulator().stats().calls("GET /api/providers");
            APIGatewayV2HTTPResponse response = get(handler, c.getKey());

            assertEquals(400, response.getStatusCode(), c.getKey());
            assertEquals("application/problem+json", response.getHeaders().get("Content-Type"));
            JsonNode problem = Json.MAPPER.readTree(response.getBody());
            assertEquals(c.getValue(), problem.path("errors").get(0).path("field").asText(), problem.toString());
            assertEquals(srsCallsBefore, env.simulator().stats().calls("GET /api/providers"), "no SRS call for bad input");
        }
    }

    @Test
    void srsDownIs503WithRetryAfterAndNoSrsDetails() throws Exception {
        ListMethodsHandler handler = new ListMethodsHandler(Platform.fromConfig(env.config("methods-down")));
        env.simulator().faults().inject(FaultSpec.status("GET /api/providers", 503).times(10));

        APIGatewayV2HTTPResponse response = get(handler, "jurisdiction=ZERTES&loa=3");

        assertEquals(503, response.getStatusCode(), response.getBody());
        assertNotNull(response.getHeaders().get("Retry-After"));
        assertFalse(response.getBody().contains("Bearer"), response.getBody());
    }

    @Test
    void credentialsNotYetPutIntoTheirSecretIs503NotAnInternalError() throws Exception {
        // right after the first deploy the credentials secret holds no {"clientId","clientSecret"} yet
        java.util.Map<String, String> vars = new java.util.HashMap<>(env.functionEnvironment("methods-nocreds"));
        vars.put(ch.srsconnect.shared.config.EnvVar.SRS_CREDENTIALS_SECRET_ID,
                env.createSecret("methods-nocreds-" + java.util.UUID.randomUUID() + "/credentials", "{}", "SrsCredentialsSecret"));
        ListMethodsHandler handler = new ListMethodsHandler(Platform.fromConfig(ch.srsconnect.shared.config.Config.of(vars)));

        APIGatewayV2HTTPResponse response = get(handler, "jurisdiction=ZERTES");

        assertEquals(503, response.getStatusCode(), response.getBody());
        assertNotNull(response.getHeaders().get("Retry-After"));
    }

    @Test
    void malformedSrsAnswerIs502() throws Exception {
        ListMethodsHandler handler = new ListMethodsHandler(Platform.fromConfig(env.config("methods-malformed")));
        env.simulator().faults().inject(FaultSpec.malformed("GET /api/providers").times(10));

        assertEquals(502, get(handler, "jurisdiction=EIDAS").getStatusCode());
    }

    @Test
    void theContainerCacheAnswersRepeatedQueriesWithoutCallingSrsAgain() {
        ListMethodsHandler handler = new ListMethodsHandler(Platform.fromConfig(env.config("methods-cache")));
        assertEquals(200, get(handler, "jurisdiction=ZERTES&loa=3").getStatusCode());
        long after1 = env.simulator().stats().calls("GET /api/providers");

        for (int i = 0; i < 5; i++) {
            assertEquals(200, get(handler, "loa=3&jurisdiction=zertes").getStatusCode());
        }
        assertEquals(after1, env.simulator().stats().calls("GET /api/providers"));
    }
}
