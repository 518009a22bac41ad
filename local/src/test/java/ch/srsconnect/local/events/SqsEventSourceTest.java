package ch.srsconnect.local.events;

import ch.srsconnect.local.aws.SharedAws;
import ch.srsconnect.local.lambda.InvocationResult;
import ch.srsconnect.local.resources.StackResources;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

@ExtendWith(SharedAws.class)
class SqsEventSourceTest {

    /** Two pollers: two batches are in flight at the same time (each invocation waits until it sees the other). */
    @Test
    void twoPollersHandTwoBatchesToTheFunctionAtOnce() throws Exception {
        try (StackResources clients = new StackResources(SharedAws.aws(), "unused");
             var threads = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            String url = clients.sqs().createQueue(b -> b.queueName("sqs-source-test-" + UUID.randomUUID())).queueUrl();
            CountDownLatch bothInFlight = new CountDownLatch(2);
            List<Boolean> sawTheOther = new CopyOnWriteArrayList<>();
            try (SqsEventSource source = new SqsEventSource("test", clients.sqs(), url, "arn:aws:sqs:eu-central-2:000000000000:q",
                    "eu-central-2", 1, Duration.ZERO, false, 2, event -> CompletableFuture.supplyAsync(() -> {
                        bothInFlight.countDown();
                        try {
                            sawTheOther.add(bothInFlight.await(20, TimeUnit.SECONDS));
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        return new InvocationResult("r", false, null, "{}".getBytes(StandardCharsets.UTF_8));
                    }, threads), line -> { })) {
                assertEquals(2, source.pollers());
                clients.sqs().sendMessage(b -> b.queueUrl(url).messageBody("a"));
                clients.sqs().sendMessage(b -> b.queueUrl(url).messageBody("b"));
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (sawTheOther.size() < 2 && System.nanoTime() < deadline) Thread.sleep(50);
            }
            assertEquals(List.of(true, true), sawTheOther, "both batches in flight together");
        }
    }
}
