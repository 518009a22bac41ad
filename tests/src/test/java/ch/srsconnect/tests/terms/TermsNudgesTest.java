package ch.srsconnect.tests.terms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.srsconnect.orders.IdentificationsHandler;
import ch.srsconnect.shared.Platform;
import ch.srsconnect.shared.identification.Identification;
import ch.srsconnect.shared.identification.Phase;
import ch.srsconnect.shared.polling.PollSettings;
import ch.srsconnect.shared.polling.Polling;
import ch.srsconnect.shared.terms.TermsWiring;
import ch.srsconnect.terms.TermsHandler;
import ch.srsconnect.tests.HttpApiEvents;
import ch.srsconnect.tests.polling.ApiOrders;
import ch.srsconnect.tests.polling.PollingWorld;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * An OTP check through our routes means the user is present: the caller's identifications of that number waiting at
 * the RA lookup are looked up now. The poll plans run 100 times slower than real time here (after a lookup in vain
 * the next one is hours away), so only the nudge can make "can sign" show within seconds.
 */
class TermsNudgesTest {

    @Test
    void anOtpCheckLooksUpTheCallersWaitingIdentificationsOfThatNumberNow() throws Exception {
        try (PollingWorld w = new PollingWorld("terms-nudge", Map.of(PollSettings.POLL_TIME_SCALE, "0.01"), Polling.Wrap.NONE)
                .start(2, true)) {
            Platform platform = Platform.fromConfig(w.config);
            IdentificationsHandler orders = new IdentificationsHandler(platform);
            TermsApi terms = new TermsApi(new TermsHandler(TermsWiring.of(platform, Clock.systemUTC())));
            String owner = "owner-" + UUID.randomUUID();
            String msisdn = PollingWorld.randomMsisdn();
            JsonNode created = ApiOrders.place(orders, owner,
                    "{\"issuer\":\"IDENTITY.TM\",\"method\":\"video\",\"msisdn\":\"" + msisdn + "\"}");
            String id = created.path("id").asText();
            ApiOrders.choose(HttpClient.newHttpClient(), created.path("targetUrl").asText(), "success");
            PollingWorld.Order o = ApiOrders.order(created, msisdn, "IDENTITY.TM", "video");

            // Video EU: the evidence follows in 15 simulated minutes (15 s here); its first lookup is 10 minutes after
            // terminated (real time here). The SP's page refreshes while the user waits.
            Identification waiting = null;
            for (int k = 0; k < 5 && waiting == null; k++) {
                Thread.sleep(11_000);
                refresh(orders, owner, id);
                waiting = w.get(o).phase() == Phase.LOOKUP ? w.get(o) : null;
            }
            assertTrue(waiting != null, "at the RA lookup: " + w.get(o));
            waiting = w.awaitItem(o, "looked up once in vain (T&C pending)", Duration.ofSeconds(30),
                    i -> i.phase() == Phase.LOOKUP && Boolean.FALSE.equals(i.canSign()));
            w.env.simulator().acceptTerms(msisdn);   // by SMS: nothing of ours hears it
            Thread.sleep(11_000);
            assertEquals(Phase.LOOKUP, w.get(o).phase(), "the plan's next lookup is still ahead: " + w.get(o));

            long started = System.nanoTime();
            terms.prove(new SimAdmin(w.env.simulator().baseUrl()), owner, msisdn);
            Identification done = w.awaitItem(o, "can sign", Duration.ofSeconds(10), i -> i.phase() == Phase.DONE);
            long millis = (System.nanoTime() - started) / 1_000_000;
            assertEquals(Boolean.TRUE, done.canSign(), done.toString());
            assertTrue(waiting.nextPollAt().isAfter(Instant.now().plus(Duration.ofMinutes(10))),
                    "without the nudge the next lookup was still far ahead: " + waiting.nextPollAt());
            System.out.println("[terms-nudge] OTP check -> can sign recorded in " + millis + " ms");
        }
    }

    static void refresh(IdentificationsHandler orders, String owner, String id) {
        APIGatewayV2HTTPResponse r = orders.handleRequest(HttpApiEvents.request("POST /identifications/{id}/refresh",
                "/identifications/" + id + "/refresh", Map.of("id", id), null, owner), null);
        assertEquals(200, r.getStatusCode(), r.getBody());
    }
}
