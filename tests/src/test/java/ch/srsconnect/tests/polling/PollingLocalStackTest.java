package ch.srsconnect.tests.polling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.srsconnect.shared.identification.Identification;
import ch.srsconnect.shared.identification.Phase;
import ch.srsconnect.shared.polling.Polling;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.localstack.LocalStackContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.utility.DockerImageName;

/**
 * The same handlers and drivers against LocalStack's SQS, DynamoDB and EventBridge (events read through a rule
 * to a capture queue). Pinned image that runs without an auth token; skipped where Docker is absent.
 */
@Testcontainers(disabledWithoutDocker = true)
class PollingLocalStackTest {

    @Container
    static final LocalStackContainer LOCALSTACK = new LocalStackContainer(DockerImageName.parse("localstack/localstack:4.4.0"))
            .withServices(LocalStackContainer.EnabledService.named("sqs"), LocalStackContainer.EnabledService.named("dynamodb"),
                    LocalStackContainer.EnabledService.named("events"));

    @Test
    void lifecyclesDuplicatesAndEventsOnLocalStack() {
        try (PollingWorld w = new PollingWorld("localstack", Map.of(), Polling.Wrap.NONE,
                PollingWorld.Backend.at(LOCALSTACK.getEndpoint())).start(2, true)) {
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
