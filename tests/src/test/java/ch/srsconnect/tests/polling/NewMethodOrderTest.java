package ch.srsconnect.tests.polling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.srsconnect.methods.ListMethodsHandler;
import ch.srsconnect.orders.IdentificationsHandler;
import ch.srsconnect.shared.Platform;
import ch.srsconnect.shared.identification.Phase;
import ch.srsconnect.shared.polling.Polling;
import ch.srsconnect.simulator.SimulatorOptions;
import ch.srsconnect.simulator.SrsSimulator;
import ch.srsconnect.tests.HttpApiEvents;
import ch.srsconnect.tests.TestEnvironment;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/**
 * SRS lists a method the catalogue does not know (its list "is updated regularly", guide §6.1): GET /methods shows it
 * with catalogued false, POST /identifications orders it with the generic rules in SRS's own spelling, and the poller
 * tracks it with the conservative plan to "can sign".
 */
class NewMethodOrderTest {

    @Test
    void aMethodOnlySrsKnowsIsListedOrderedInSrsSpellingAndTrackedToCanSign() throws Exception {
        // same dev PKI as the shared simulator: the functions' RA certificate secret fits this simulator's RA too
        try (SrsSimulator sim = SrsSimulator.start(SimulatorOptions.defaults().port(0).timeScale(TestEnvironment.TIME_SCALE)
                .newMethods(true).pkiDir(TestEnvironment.devPkiDirectory()));
             PollingWorld w = new PollingWorld("new-method", RaAuthModesTest.at(sim, "mtls"), Polling.Wrap.NONE).start(2, true)) {
            Platform platform = Platform.fromConfig(w.config);
            APIGatewayV2HTTPResponse listed = new ListMethodsHandler(platform)
                    .handleRequest(HttpApiEvents.get("GET /methods", "/methods", "jurisdiction=ZERTES&loa=4", "alice"), null);
            assertEquals(200, listed.getStatusCode(), listed.getBody());
            JsonNode nfc = StreamSupport.stream(PollingWorld.JSON.readTree(listed.getBody()).path("methods").spliterator(), false)
                    .filter(m -> m.path("issuer").asText().equals("swisscom-nfc")).findFirst().orElseThrow();
            assertEquals(false, nfc.path("catalogued").asBoolean(true), nfc.toString());

            IdentificationsHandler api = new IdentificationsHandler(platform);
            String owner = "owner-" + UUID.randomUUID();
            APIGatewayV2HTTPResponse titled = api.handleRequest(HttpApiEvents.postJson("POST /identifications", "/identifications",
                    "{\"issuer\":\"swisscom-nfc\",\"method\":\"nfc\",\"person\":{\"firstName\":\"Dr. Max\"}}", Map.of(), owner), null);
            assertEquals(422, titled.getStatusCode(), titled.getBody());
            assertTrue(titled.getBody().contains("person.firstName"), "the generic rules still refuse titles: " + titled.getBody());

            String msisdn = PollingWorld.randomMsisdn();
            JsonNode created = ApiOrders.place(api, owner,
                    "{\"issuer\":\"SWISSCOM-NFC\",\"method\":\"nfc\",\"msisdn\":\"" + msisdn + "\",\"language\":\"de\"}");
            assertEquals("swisscom-nfc", created.path("issuer").asText(), "SRS's own spelling: " + created);
            ApiOrders.choose(HttpClient.newHttpClient(), created.path("targetUrl").asText(), "success");
            PollingWorld.Order o = ApiOrders.order(created, msisdn, "swisscom-nfc", "nfc");
            w.awaitItem(o, "terminated, looking up", Duration.ofSeconds(120), i -> i.phase() == Phase.LOOKUP);
            sim.acceptTerms(msisdn);
            w.awaitItem(o, "can sign", Duration.ofSeconds(180), i -> i.phase() == Phase.DONE);
            JsonNode done = ApiOrders.get(api, owner, created.path("id").asText());
            assertEquals(true, done.path("canSign").asBoolean(), done.toString());
            assertEquals(List.of("created", "initialized", "identification_done", "data_ready", "terminated"),
                    StreamSupport.stream(done.path("statusHistory").spliterator(), false).map(e -> e.path("status").asText()).toList());
            w.assertConsistent(List.of(o));
        }
    }
}
