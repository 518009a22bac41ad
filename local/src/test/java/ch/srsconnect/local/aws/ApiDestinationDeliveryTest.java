package ch.srsconnect.local.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.ApiDestinationHttpMethod;
import software.amazon.awssdk.services.eventbridge.model.ConnectionAuthorizationType;
import software.amazon.awssdk.services.eventbridge.model.InvalidEventPatternException;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.Target;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/** Rules to API destinations through the real SDK client, a real HTTP receiver and ElasticMQ as the dead-letter queue. */
@ExtendWith(SharedAws.class)
class ApiDestinationDeliveryTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static EventBridgeClient events;
    private static SqsClient sqs;

    /** One request the receiver got. */
    record Received(String body, Map<String, List<String>> headers) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).map(e -> e.getValue().getFirst())
                    .findFirst().orElse(null);
        }
    }

    private HttpServer receiver;
    private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    private final List<Integer> answers = new CopyOnWriteArrayList<>();   // status per request; 200 when exhausted
    private final AtomicInteger requests = new AtomicInteger();
    private final String bus = "hooks-" + UUID.randomUUID();
    private String destinationArn;

    @BeforeAll
    static void clients() {
        events = SharedAws.client(EventBridgeClient.builder(), SharedAws.aws().eventBridgeEndpoint());
        sqs = SharedAws.client(SqsClient.builder(), SharedAws.aws().sqsEndpoint());
        SharedAws.aws().eventBridge().firstRetryDelay(Duration.ofMillis(20));
    }

    @AfterAll
    static void close() {
        SharedAws.aws().eventBridge().firstRetryDelay(Duration.ofSeconds(1));
        events.close();
        sqs.close();
    }

    @BeforeEach
    void receiverAndDestination() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", ex -> {
            int n = requests.getAndIncrement();
            int status = n < answers.size() ? answers.get(n) : 200;
            if (status < 0) {
                sleep(1000);
                status = 200;
            }
            received.add(new Received(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8), ex.getRequestHeaders()));
            ex.sendResponseHeaders(status, -1);
            ex.close();
        });
        receiver.start();
        events.createEventBus(b -> b.name(bus));
        String connection = events.createConnection(b -> b.name("c-" + bus).authorizationType(ConnectionAuthorizationType.API_KEY)
                .authParameters(a -> a.apiKeyAuthParameters(k -> k.apiKeyName("X-Api-Key").apiKeyValue("key-123")))).connectionArn();
        destinationArn = events.createApiDestination(b -> b.name("d-" + bus).connectionArn(connection).httpMethod(ApiDestinationHttpMethod.POST)
                .invocationEndpoint("http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook")).apiDestinationArn();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @AfterEach
    void stop() {
        receiver.stop(0);
    }

    private String rule(String pattern, Target.Builder target) {
        events.putRule(b -> b.name("r-" + bus).eventBusName(bus).eventPattern(pattern));
        var reply = events.putTargets(b -> b.rule("r-" + bus).eventBusName(bus).targets(target.id("hook").arn(destinationArn)
                .roleArn("arn:aws:iam::000000000000:role/invoke").build()));
        assertEquals(0, reply.failedEntryCount(), reply.failedEntries().toString());
        return "r-" + bus;
    }

    private void put(String source, String detail) {
        assertEquals(0, events.putEvents(b -> b.entries(PutEventsRequestEntry.builder().eventBusName(bus).source(source)
                .detailType("Identification Status Changed").detail(detail).build())).failedEntryCount());
    }

    @Test
    void matchingEventsArriveInOrderWithTheConnectionsKeyAndPathHeaders() throws Exception {
        rule("{\"source\":[\"srs-connect\"],\"detail\":{\"newStatus\":[{\"anything-but\":\"PENDING\"}]}}", Target.builder()
                .inputPath("$.detail").httpParameters(h -> h.headerParameters(Map.of("Event-Id", "$.detail.changeId", "Fixed", "yes"))));
        put("someone-else", "{\"changeId\":\"x\",\"newStatus\":\"IDENTIFIED\"}");
        put("srs-connect", "{\"changeId\":\"p\",\"newStatus\":\"PENDING\"}");
        for (int i = 1; i <= 3; i++) put("srs-connect", "{\"changeId\":\"c" + i + "\",\"newStatus\":\"IDENTIFIED\"}");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Received r = received.poll(10, TimeUnit.SECONDS);
            ids.add(JSON.readTree(r.body()).path("changeId").asText());
            assertEquals("key-123", r.header("X-Api-Key"));
            assertEquals(ids.getLast(), r.header("Event-Id"));
            assertEquals("yes", r.header("Fixed"));
            assertTrue(r.header("Content-Type").startsWith("application/json"));
        }
        assertEquals(List.of("c1", "c2", "c3"), ids);
        // deliveries go out in the order events were put: the two put first would have arrived before c1
        assertEquals(3, requests.get(), "other sources and non-matching details are not delivered");
    }

    @Test
    void serverErrorsAreRetriedThenTheEventGoesToTheDeadLetterQueue() throws Exception {
        String dlq = sqs.createQueue(b -> b.queueName("dlq-" + bus)).queueUrl();
        String dlqArn = sqs.getQueueAttributes(b -> b.queueUrl(dlq).attributeNamesWithStrings("QueueArn")).attributesAsStrings().get("QueueArn");
        answers.addAll(List.of(503, 500, 502, 503));
        rule("{\"source\":[\"srs-connect\"]}", Target.builder().inputPath("$.detail")
                .retryPolicy(p -> p.maximumRetryAttempts(3)).deadLetterConfig(d -> d.arn(dlqArn)));
        put("srs-connect", "{\"changeId\":\"dead\"}");
        Message m = null;
        for (int i = 0; i < 50 && m == null; i++) {
            m = sqs.receiveMessage(b -> b.queueUrl(dlq).messageAttributeNames("All").waitTimeSeconds(1)).messages().stream().findFirst().orElse(null);
        }
        assertEquals(4, requests.get(), "the first attempt and three retries");
        assertTrue(m != null, "dead letter");
        assertEquals("dead", JSON.readTree(m.body()).path("detail").path("changeId").asText(), "the whole event, as EventBridge dead-letters it");
        assertEquals("RETRIES_EXHAUSTED", m.messageAttributes().get("ERROR_CODE").stringValue());
        assertEquals("MaximumRetryAttempts", m.messageAttributes().get("EXHAUSTED_RETRY_CONDITION").stringValue());
        assertTrue(m.messageAttributes().get("RULE_ARN").stringValue().endsWith(":rule/" + bus + "/r-" + bus));
    }

    @Test
    void aClientErrorIsNotRetriedAndASuccessAfterRetriesIsNotDeadLettered() throws Exception {
        String dlq = sqs.createQueue(b -> b.queueName("dlq-" + bus)).queueUrl();
        String dlqArn = sqs.getQueueAttributes(b -> b.queueUrl(dlq).attributeNamesWithStrings("QueueArn")).attributesAsStrings().get("QueueArn");
        answers.addAll(List.of(400, 429, 200));
        rule("{\"source\":[\"srs-connect\"]}", Target.builder().deadLetterConfig(d -> d.arn(dlqArn)));
        put("srs-connect", "{\"changeId\":\"bad-request\"}");
        Message m = sqs.receiveMessage(b -> b.queueUrl(dlq).messageAttributeNames("All").waitTimeSeconds(5)).messages().getFirst();
        assertEquals("SDK_CLIENT_ERROR", m.messageAttributes().get("ERROR_CODE").stringValue());
        assertEquals(1, requests.get(), "400 is not retried");
        put("srs-connect", "{\"changeId\":\"throttled\"}");
        Received first = received.poll(5, TimeUnit.SECONDS);
        Received retried = received.poll(5, TimeUnit.SECONDS);
        Received again = received.poll(5, TimeUnit.SECONDS);
        assertEquals("bad-request", JSON.readTree(first.body()).path("detail").path("changeId").asText(), "without InputPath: the whole event");
        assertEquals("throttled", JSON.readTree(again.body()).path("detail").path("changeId").asText(), "429 is retried");
        assertFalse(retried == null);
        assertTrue(sqs.receiveMessage(b -> b.queueUrl(dlq).waitTimeSeconds(1)).messages().isEmpty());
    }

    @Test
    void aTimeoutIsRetriedWithGrowingDelays() throws Exception {
        List<ApiDestinationDelivery.Attempt> attempts = new CopyOnWriteArrayList<>();
        CountDownLatch delivered = new CountDownLatch(1);
        SharedAws.aws().eventBridge().requestTimeout(Duration.ofMillis(300));
        answers.addAll(List.of(-1, -1, -1));   // -1: the receiver hangs for a second
        try (AutoCloseable listening = SharedAws.aws().eventBridge().onDelivery(a -> {
            attempts.add(a);
            if (a.status() == 200 && a.ruleArn().endsWith("/r-" + bus)) delivered.countDown();
        })) {
            rule("{\"source\":[\"srs-connect\"]}", Target.builder().inputPath("$.detail"));
            put("srs-connect", "{\"changeId\":\"slow\"}");
            assertTrue(delivered.await(10, TimeUnit.SECONDS), "delivered once the receiver answers in time: " + attempts);
        } finally {
            SharedAws.aws().eventBridge().requestTimeout(ApiDestinationDelivery.TIMEOUT);
        }
        List<ApiDestinationDelivery.Attempt> mine = attempts.stream().filter(a -> a.ruleArn().endsWith("/r-" + bus)).toList();
        // the receiver serves one request at a time: attempts that reach it while it hangs time out too
        assertTrue(mine.size() >= 4, mine.toString());
        assertTrue(mine.subList(0, mine.size() - 1).stream().allMatch(a -> a.error() != null && a.error().startsWith("timed out")), mine.toString());
        assertEquals(200, mine.getLast().status(), "delivered once the receiver answers in time");
        List<Long> delays = mine.subList(0, mine.size() - 1).stream().map(a -> Long.parseLong(a.next().replaceAll("\\D", ""))).toList();
        for (int i = 1; i < delays.size(); i++) {
            assertTrue(delays.get(i) > delays.get(i - 1), "backoff grows: " + delays);
        }
    }

    @Test
    void testEventPatternAndInvalidPatternsAnswerAsTheApi() {
        String event = "{\"id\":\"1\",\"account\":\"000000000000\",\"source\":\"srs-connect\",\"time\":\"2026-12-03T09:00:00Z\","
                + "\"region\":\"eu-central-2\",\"detail-type\":\"x\",\"resources\":[],\"detail\":{\"newStatus\":\"IDENTIFIED\"}}";
        assertTrue(events.testEventPattern(b -> b.event(event).eventPattern("{\"detail\":{\"newStatus\":[{\"prefix\":\"IDENT\"}]}}")).result());
        assertFalse(events.testEventPattern(b -> b.event(event).eventPattern("{\"source\":[\"aws.ec2\"]}")).result());
        assertThrows(InvalidEventPatternException.class, () -> events.putRule(b -> b.name("bad-" + bus).eventBusName(bus)
                .eventPattern("{\"source\":\"srs-connect\"}")));
    }
}
