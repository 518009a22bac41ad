package ch.srsconnect.tests.terms;

import ch.srsconnect.orders.IdentificationsHandler;
import ch.srsconnect.shared.Platform;
import ch.srsconnect.shared.config.Config;
import ch.srsconnect.shared.config.EnvVar;
import ch.srsconnect.shared.identification.Identification;
import ch.srsconnect.shared.identification.IdentificationStatus;
import ch.srsconnect.shared.json.Json;
import ch.srsconnect.shared.store.IdentificationStore;
import ch.srsconnect.simulator.Outcome;
import ch.srsconnect.terms.TermsHandler;
import ch.srsconnect.tests.HttpApiEvents;
import ch.srsconnect.tests.TestEnvironment;
import ch.srsconnect.tests.terms.TermsApi.Resp;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 5 item 4: {@code silentSms} on {@code POST /identifications} only with {@code TERMS_FLOW_ENABLED}; such an
 * identification is taken to "can sign" through the T&C flow, its number bound to the caller by the order itself.
 */
class SilentSmsComponentTest {

    private static final String ORDER_ENDPOINT = "POST /api/providers/{issuer}/{method}";
    private final TestEnvironment env = TestEnvironment.get();
    private final SimAdmin admin = new SimAdmin(env.simulator().baseUrl());

    private static String order(String msisdn) {
        return "{\"issuer\":\"test\",\"method\":\"video\",\"msisdn\":\"" + msisdn + "\",\"language\":\"en\",\"silentSms\":true,"
                + "\"person\":{\"firstName\":\"Max\",\"lastName\":\"Muster\",\"dob\":\"1980-12-31\"}}";
    }

    private static JsonNode place(IdentificationsHandler orders, String owner, String msisdn, int expected) throws Exception {
        APIGatewayV2HTTPResponse r = orders.handleRequest(HttpApiEvents.postJson("POST /identifications", "/identifications",
                order(msisdn), Map.of(), owner), null);
        assertEquals(expected, r.getStatusCode(), r.getBody());
        return Json.MAPPER.readTree(r.getBody());
    }

    @Test
    void silentSmsIsRefusedWithoutTheTermsFlowAndNothingReachesSrs() throws Exception {
        Config config = env.config("silent-sms-off").with(Map.of(EnvVar.TERMS_FLOW_ENABLED, "false"));
        IdentificationsHandler orders = new IdentificationsHandler(Platform.fromConfig(config));
        long before = env.simulator().stats().calls(ORDER_ENDPOINT);

        JsonNode problem = place(orders, "sp-frank", SimAdmin.newMsisdn(), 422);
        assertEquals("silentSms", problem.path("errors").path(0).path("field").asText(), problem.toString());
        assertEquals(before, env.simulator().stats().calls(ORDER_ENDPOINT));
    }

    @Test
    void aSilentSmsIdentificationReachesCanSignThroughTheTermsFlow() throws Exception {
        Config config = env.config("silent-sms-on").with(Map.of(EnvVar.TERMS_FLOW_ENABLED, "true"));
        IdentificationsHandler orders = new IdentificationsHandler(Platform.fromConfig(config));
        TermsApi terms = new TermsApi(new TermsHandler(Platform.fromConfig(config)));
        String owner = "sp-grace-" + UUID.randomUUID();
        String msisdn = SimAdmin.newMsisdn();

        JsonNode placed = place(orders, owner, msisdn, 201);
        IdentificationStore store = new IdentificationStore(env.dynamoDb(), TestEnvironment.IDENTIFICATION_TABLE);
        Identification stored = store.get(placed.path("id").asText()).orElseThrow();
        assertEquals(Boolean.TRUE, stored.silentSms(), "the order remembers it asked for no T&C SMS");
        env.simulator().complete(placed.path("refId").asText(), Outcome.SUCCESS, null);
        // what the poller writes when SRS says terminated
        store.update(stored, stored.toBuilder().status(IdentificationStatus.TERMINATED).build());
        JsonNode shown = Json.MAPPER.readTree(orders.handleRequest(HttpApiEvents.withPathParameters("GET /identifications/{id}",
                "/identifications/" + stored.id(), Map.of("id", stored.id()), owner), null).getBody());
        assertEquals("ACCEPT_TERMS_HERE", shown.path("nextAction").path("action").asText(), shown.toString());

        Resp registered = TermsApi.await(() -> terms.evidence(owner, msisdn),
                r -> r.status() != 200 || r.body().path("registered").asBoolean(), Duration.ofSeconds(30));
        assertEquals(200, registered.status(), "bound by the caller's own identification, no OTP: " + registered);
        assertFalse(registered.body().path("canSignNow").asBoolean());
        assertEquals("ACCEPT_TERMS", registered.body().path("nextAction").asText());
        assertEquals(403, terms.evidence("sp-other", msisdn).status());

        assertTrue(terms.terms(owner, msisdn).body().path("termsToAccept").asBoolean());
        assertEquals(202, terms.confirmAll(owner, msisdn).status());
        Resp done = TermsApi.await(() -> terms.status(owner, msisdn),
                r -> r.status() != 200 || r.body().path("done").asBoolean(), Duration.ofSeconds(30));
        assertEquals("CONFIRMED", done.body().path("state").asText(), done.toString());
        Resp canSign = terms.evidence(owner, msisdn);
        assertTrue(canSign.body().path("canSignNow").asBoolean(), canSign.toString());
    }
}
