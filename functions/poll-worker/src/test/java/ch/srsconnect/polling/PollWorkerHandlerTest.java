package ch.srsconnect.polling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.srsconnect.shared.identification.Identification;
import ch.srsconnect.shared.identification.IdentificationStatus;
import ch.srsconnect.shared.identification.Phase;
import ch.srsconnect.shared.log.LogContext;
import ch.srsconnect.shared.polling.PollEngine;
import ch.srsconnect.shared.polling.PollMessage;
import ch.srsconnect.shared.polling.PollPorts;
import ch.srsconnect.shared.polling.PollSettings;
import ch.srsconnect.shared.polling.PollWorker;
import ch.srsconnect.shared.polling.SqsBatch;
import ch.srsconnect.shared.polling.SrsSnapshot;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PollWorkerHandlerTest {
    final List<String> lines = new CopyOnWriteArrayList<>();
    Consumer<String> previous;
    final Instant now = Instant.now();
    final Identification ok = Identification.builder().id("ok").owner("sp").refId("ref-ok").issuer("KLARNA").method("bank")
            .status(IdentificationStatus.INITIALIZED).phase(Phase.STATUS).nextPollAt(now).version(2)
            .createdAt(now.minus(Duration.ofMinutes(10))).updatedAt(now).expiresAt(now.plus(Duration.ofDays(1))).build();

    @BeforeEach
    void capture() {
        previous = LogContext.setSink(lines::add);
    }

    @AfterEach
    void restore() {
        LogContext.setSink(previous);
    }

    PollWorkerHandler handler() {
        PollPorts.Items items = new PollPorts.Items() {
            @Override
            public Optional<Identification> get(String id) {
                return id.equals("ok") ? Optional.of(ok) : id.equals("boom") ? Optional.of(ok.toBuilder().id("boom").refId("ref-boom").build())
                        : Optional.empty();
            }

            @Override
            public Identification update(Identification expected, Identification next) {
                return next.toBuilder().version(expected.version() + 1).build();
            }
        };
        PollPorts.StatusSource srs = (refId, issuer) -> {
            if (refId.equals("ref-boom")) {
                throw new IllegalStateException("a bug");
            }
            return new SrsSnapshot(List.of(), null);
        };
        PollWorker worker = new PollWorker(new PollEngine(PollSettings.defaults()), items, srs, msisdn -> Optional.empty(),
                refId -> true, changes -> { }, (messages, at) -> { }, Clock.systemUTC());
        return new PollWorkerHandler(worker, 3);
    }

    static SqsBatch.Message record(String id, String body, int receiveCount) {
        return new SqsBatch.Message(id, body, Map.of("ApproximateReceiveCount", Integer.toString(receiveCount)));
    }

    static SqsBatch event(SqsBatch.Message... records) {
        return new SqsBatch(List.of(records));
    }

    static List<String> failed(SqsBatch.Response r) {
        return r.failedMessageIds();
    }

    @Test
    void onlyTheFailingMessagesOfABatchAreReported() {
        SqsBatch.Response r = handler().handle(event(
                record("m1", new PollMessage("ok", 2, now).toJson(), 1),
                record("m2", "garbage", 1),
                record("m3", new PollMessage("boom", 2, now).toJson(), 1),
                record("m4", new PollMessage("gone", 1, now).toJson(), 1)), null);
        assertEquals(List.of("m2", "m3"), failed(r));
        assertTrue(lines.stream().noneMatch(l -> l.contains("\"PollPoisonMessages\"")), "not yet the last delivery");
    }

    @Test
    void theLastFailingDeliveryIsCountedAsPoison() {
        SqsBatch.Response r = handler().handle(event(record("m3", new PollMessage("boom", 2, now).toJson(), 3),
                record("m2", "garbage", 3)), null);
        assertEquals(List.of("m3", "m2"), failed(r));
        assertEquals(2, lines.stream().filter(l -> l.contains("\"PollPoisonMessages\":1")).count());
    }

    @Test
    void anEmptyEventIsAnEmptyResponse() {
        assertTrue(handler().handle(new SqsBatch(null), null).batchItemFailures().isEmpty());
    }
}
