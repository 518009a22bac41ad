package ch.srsconnect.tests.polling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.srsconnect.shared.identification.Identification;
import ch.srsconnect.shared.identification.Phase;
import ch.srsconnect.shared.polling.Polling;
import ch.srsconnect.tests.referenceaws.ReferenceAws;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The same handlers and drivers against a reference emulator's SQS, DynamoDB and EventBridge ({@link ReferenceAws}:
 * LocalStack where Docker runs, else moto; events read through a rule to a capture queue).
 */
class PollingReferenceAwsTest {

    @Test
    void lifecyclesDuplicatesAndEventsOnTheReferenceEmulator() {
        try (PollingWorld w = new PollingWorld("reference-aws", Map.of(), Polling.Wrap.NONE,
                PollingWorld.Backend.at(ReferenceAws.require().endpoint())).start(2, true)) {
            List<PollingWorld.Order> orders = new ArrayList<>();
            PollingWorld.Order success = w.place("KLARNA", "bank", PollingWorld.randomMsisdn(), "sim:success");
            orders.add(success);
            orders.add(w.place("nect", "robo-ident", PollingWorld.randomMsisdn(), "sim:success"));
            orders.add(w.place("identity-tm-eid", "eID", PollingWorld.randomMsisdn(), "sim:negatively_conducted"));
            w.awaitItem(success, "lookup", Duration.ofSeconds(120), i -> i.phase() == Phase.LOOKUP && Boolean.FALSE.equals(i.canSign()));
            w.env.simulator().acceptTerms(success.msisdn());
            for (PollingWorld.Order o : orders) {
                Identification done = w.awaitItem(o, "end state", Duration.ofSeconds(120), i -> i.phase() == Phase.DONE);
                assertEquals(!o.issuer().equals("identity-tm-eid"), Boolean.TRUE.equals(done.canSign()), o.toString());
            }
            w.assertConsistent(orders);
            assertTrue(w.events(success).stream().anyMatch(e -> e.path("kind").asText().equals("CAN_SIGN")));
        }
    }
}
