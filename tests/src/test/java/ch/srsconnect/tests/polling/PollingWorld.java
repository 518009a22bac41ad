package ch.srsconnect.tests.polling;

import ch.srsconnect.polling.PollSchedulerHandler;
import ch.srsconnect.polling.PollWorkerHandler;
import ch.srsconnect.shared.Platform;
import ch.srsconnect.shared.config.Config;
import ch.srsconnect.shared.identification.Identification;
import ch.srsconnect.shared.identification.IdentificationStatus;
import ch.srsconnect.shared.identification.Phase;
import ch.srsconnect.shared.identification.StatusEntry;
import ch.srsconnect.shared.polling.PollEngine;
import ch.srsconnect.shared.polling.PollSettings;
import ch.srsconnect.shared.polling.Polling;
import ch.srsconnect.shared.polling.SqsBatch;
import ch.srsconnect.shared.polling.SrsSnapshot;
import ch.srsconnect.shared.store.DuePoll;
import ch.srsconnect.shared.store.IdentificationStore;
import ch.srsconnect.shared.store.Page;
import ch.srsconnect.shared.store.TableDefinition;
import ch.srsconnect.tests.TestEnvironment;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * One polling world for a test: its own identification table, poll queue + DLQ (redrive after
 * {@link #MAX_RECEIVE_COUNT}) and event bus on the shared stand-ins, the real handlers, and the two drivers the
 * local runtime will provide: an SQS event-source mapping (batches of up to 10, partial batch failures, delete
 * on success) with {@code consumers} concurrent pollers, and a schedule firing the scheduler every tick.
 */
public final class PollingWorld implements AutoCloseable {
    static final int MAX_RECEIVE_COUNT = 3;
    static final int VISIBILITY_TIMEOUT_SECONDS = 3;
    static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Where the AWS services live: the shared embedded stand-ins, or another endpoint (a reference emulator: LocalStack or moto). Secrets stay on
     * the stand-in either way. The embedded EventBridge stand-in shows the events it received; elsewhere a rule on
     * the bus copies them to a capture queue.
     */
    public record Backend(boolean embedded, URI dynamoDb, URI sqs, URI eventBridge) {
        static Backend embedded(TestEnvironment env) {
            return new Backend(true, env.aws().dynamoDbEndpoint(), env.aws().sqsEndpoint(), env.aws().eventBridgeEndpoint());
        }

        public static Backend at(URI endpoint) {
            return new Backend(false, endpoint, endpoint, endpoint);
        }
    }

    /** An event as the bus received it. */
    public record SeenEvent(String detailType, String detail) {
    }

    public final TestEnvironment env = TestEnvironment.get();
    final Backend backend;
    final software.amazon.awssdk.services.dynamodb.DynamoDbClient dynamo;
    private final String captureQueueUrl;
    private final List<SeenEvent> captured = new java.util.concurrent.CopyOnWriteArrayList<>();
    final String name;
    final String table;
    final String bus;
    public final String queueUrl;
    final String dlqUrl;
    public final Config config;
    final Platform platform;
    public final IdentificationStore store;
    public final PollEngine engine;
    public final SqsClient sqs;
    final PollSchedulerHandler scheduler;
    final PollWorkerHandler worker;
    final AtomicInteger handlerInvocations = new AtomicInteger();
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final HttpClient http = HttpClient.newHttpClient();
    /** The SRS the world talks to: the shared simulator unless the overrides name another (the benchmark's). */
    final URI srsBase;

    public PollingWorld(String scenario, Map<String, String> overrides, Polling.Wrap wrap) {
        this(scenario, overrides, wrap, null);
    }

    public PollingWorld(String scenario, Map<String, String> overrides, Polling.Wrap wrap, Backend elsewhere) {
        this.backend = elsewhere == null ? Backend.embedded(env) : elsewhere;
        this.name = scenario + "-" + UUID.randomUUID().toString().substring(0, 6);
        this.table = "poll-" + name;
        this.bus = "status-" + name;
        this.dynamo = backend.embedded() ? env.dynamoDb()
                : software.amazon.awssdk.services.dynamodb.DynamoDbClient.builder().httpClient(UrlConnectionHttpClient.create())
                        .region(Region.of(env.aws().region())).endpointOverride(backend.dynamoDb())
                        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"))).build();
        dynamo.createTable(TableDefinition.createTableRequest(table));
        dynamo.waiter().waitUntilTableExists(b -> b.tableName(table));
        this.sqs = SqsClient.builder().httpClient(UrlConnectionHttpClient.create()).region(Region.of(env.aws().region()))
                .endpointOverride(backend.sqs())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"))).build();
        this.dlqUrl = sqs.createQueue(b -> b.queueName("poll-dlq-" + name)).queueUrl();
        String dlqArn = sqs.getQueueAttributes(b -> b.queueUrl(dlqUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        this.queueUrl = sqs.createQueue(b -> b.queueName("poll-" + name).attributes(Map.of(
                QueueAttributeName.VISIBILITY_TIMEOUT, Integer.toString(VISIBILITY_TIMEOUT_SECONDS),
                QueueAttributeName.REDRIVE_POLICY,
                "{\"maxReceiveCount\":\"" + MAX_RECEIVE_COUNT + "\",\"deadLetterTargetArn\":\"" + dlqArn + "\"}"))).queueUrl();
        try (EventBridgeClient eb = EventBridgeClient.builder().httpClient(UrlConnectionHttpClient.create())
                .region(Region.of(env.aws().region())).endpointOverride(backend.eventBridge())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"))).build()) {
            eb.createEventBus(b -> b.name(bus));
            if (backend.embedded()) {
                captureQueueUrl = null;
            } else {
                captureQueueUrl = sqs.createQueue(b -> b.queueName("events-" + name)).queueUrl();
                String captureArn = sqs.getQueueAttributes(b -> b.queueUrl(captureQueueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                        .attributes().get(QueueAttributeName.QUEUE_ARN);
                eb.putRule(b -> b.name("capture-" + name).eventBusName(bus).eventPattern("{\"source\":[\"srs-connect\"]}"));
                eb.putTargets(b -> b.rule("capture-" + name).eventBusName(bus)
                        .targets(software.amazon.awssdk.services.eventbridge.model.Target.builder().id("capture").arn(captureArn).build()));
            }
        }
        env.resources().table(table, "IdentificationTable");
        env.resources().queue(queueUrl, "PollQueue");
        env.resources().queue(dlqUrl, "PollDeadLetterQueue");
        env.resources().bus(bus, "StatusEventBus");
        Map<String, String> vars = new HashMap<>(env.functionEnvironment(name));
        vars.put(TableDefinition.TABLE_NAME_ENV, table);
        vars.put("AWS_ENDPOINT_URL_DYNAMODB", backend.dynamoDb().toString());
        vars.put("AWS_ENDPOINT_URL_SQS", backend.sqs().toString());
        vars.put("AWS_ENDPOINT_URL_EVENTBRIDGE", backend.eventBridge().toString());
        vars.put(PollSettings.POLL_QUEUE_URL, queueUrl);
        vars.put(PollSettings.STATUS_EVENT_BUS_NAME, bus);
        vars.put(PollSettings.POLL_TIME_SCALE, Double.toString(TestEnvironment.TIME_SCALE));
        vars.put(PollSettings.POLL_TICK_SECONDS, "1");
        vars.put(PollSettings.POLL_LEASE_SECONDS, "6");
        vars.put(PollSettings.POLL_SHARDS, "2");
        vars.put(PollSettings.POLL_LOOKUP_DEADLINE_MINUTES, "20");
        vars.put(PollSettings.POLL_MAX_RECEIVE_COUNT, Integer.toString(MAX_RECEIVE_COUNT));
        vars.putAll(overrides);
        this.srsBase = URI.create(vars.get(ch.srsconnect.shared.config.EnvVar.SRS_BASE_URL));
        this.config = Config.of(vars);
        this.platform = Platform.fromConfig(config);
        this.store = new IdentificationStore(dynamo, table);
        this.engine = new PollEngine(PollSettings.fromConfig(config));
        this.scheduler = new PollSchedulerHandler(Polling.scheduler(platform, Clock.systemUTC()));
        this.worker = new PollWorkerHandler(Polling.worker(platform, Clock.systemUTC(), wrap),
                PollSettings.fromConfig(config).maxReceiveCount());
    }

    PollingWorld(String scenario) {
        this(scenario, Map.of(), Polling.Wrap.NONE);
    }

    // ------------------------------------------------------------------ drivers (what the local runtime will do)

    /** Starts {@code consumers} event-source-mapping pollers and, if asked, the schedule. */
    public PollingWorld start(int consumers, boolean schedule) {
        for (int i = 0; i < consumers; i++) {
            Thread t = Thread.ofPlatform().daemon().name("esm-" + name + "-" + i).start(this::consume);
            threads.add(t);
        }
        if (schedule) {
            threads.add(Thread.ofPlatform().daemon().name("schedule-" + name).start(() -> {
                while (running.get()) {
                    try {
                        scheduler.handleRequest(Map.of("source", "aws.events", "detail-type", "Scheduled Event"), null);
                    } catch (RuntimeException e) {
                        System.err.println("scheduler run failed: " + e);
                    }
                    pause(1000);
                }
            }));
        }
        return this;
    }

    private void consume() {
        while (running.get()) {
            try {
                List<Message> batch = sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1)
                        .messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)).messages();
                if (batch.isEmpty() || !running.get()) {
                    continue;
                }
                deliver(batch);
            } catch (RuntimeException e) {
                if (running.get()) {
                    System.err.println("event source mapping: " + e);
                    pause(200);
                }
            }
        }
    }

    /** One Lambda invocation for a batch: failed items stay on the queue (visibility timeout, then the DLQ). */
    SqsBatch.Response deliver(List<Message> batch) {
        List<SqsBatch.Message> records = new ArrayList<>();
        for (Message m : batch) {
            Map<String, String> attributes = new HashMap<>();
            m.attributes().forEach((k, v) -> attributes.put(k.toString(), v));
            records.add(new SqsBatch.Message(m.messageId(), m.body(), attributes));
        }
        handlerInvocations.incrementAndGet();
        SqsBatch.Response response = worker.handle(new SqsBatch(records), null);
        Set<String> failed = new HashSet<>(response.failedMessageIds());
        List<DeleteMessageBatchRequestEntry> delete = new ArrayList<>();
        for (Message m : batch) {
            if (!failed.contains(m.messageId())) {
                delete.add(DeleteMessageBatchRequestEntry.builder().id(Integer.toString(delete.size()))
                        .receiptHandle(m.receiptHandle()).build());
            }
        }
        if (!delete.isEmpty()) {
            sqs.deleteMessageBatch(b -> b.queueUrl(queueUrl).entries(delete));
        }
        return response;
    }

    @Override
    public void close() {
        running.set(false);
        for (Thread t : threads) {
            try {
                t.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        sqs.close();
        if (!backend.embedded()) {
            dynamo.close();
        }
    }

    // ------------------------------------------------------------------ orders

    public record Order(String id, String refId, String msisdn, String issuer, String method) {
    }

    public static String randomMsisdn() {
        return "+4179" + (1_000_000 + ThreadLocalRandom.current().nextInt(8_999_999));
    }

    /**
     * What place-order does, minus the HTTP API: SRS place order, then one stored identification with its first
     * check from the method's plan. {@code externalId} may script the simulator ({@code sim:<outcome>}).
     */
    public Order place(String issuer, String method, String msisdn, String externalId) {
        ObjectNode body = JSON.createObjectNode().put("firstName", "Max").put("lastName", "Muster").put("dob", "1980-01-01")
                .put("mobile", msisdn).put("country", "CH");
        if (externalId != null) {
            body.put("externalId", externalId);
        }
        JsonNode r;
        try {
            HttpResponse<String> resp = http.send(HttpRequest.newBuilder(
                            srsBase.resolve("/api/providers/" + issuer + "/" + method))
                    .header("Authorization", "Bearer " + platform.srsTokens().token())
                    .header("Content-Type", "application/vnd.sc.miss.provider.v1+json")
                    .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
            if (resp.statusCode() != 200) {
                throw new IllegalStateException("place order " + issuer + "/" + method + ": " + resp.statusCode() + " " + resp.body());
            }
            r = JSON.readTree(resp.body());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        Instant now = Instant.now();
        String id = UUID.randomUUID().toString();
        Identification i = Identification.builder().id(id).owner("sp-" + name).refId(r.get("refId").asText())
                .orderId(r.get("orderId").asText()).targetUrl(r.get("targetUrl").asText()).issuer(issuer).method(method)
                .msisdn(msisdn).externalId(externalId).status(IdentificationStatus.parse(r.get("status").asText()))
                .phase(Phase.STATUS).nextPollAt(engine.firstCheck(issuer, method, now))
                .pollShard(Identification.pollShardOf(id, engine.settings().shards()))
                .createdAt(now).updatedAt(now).expiresAt(now.plus(Duration.ofDays(180))).build();
        store.create(i);
        return new Order(id, i.refId(), msisdn, issuer, method);
    }

    public Identification get(Order o) {
        return store.get(o.id()).orElseThrow();
    }

    /** SRS's history right now, straight from the simulator. */
    public List<StatusEntry> srsHistory(Order o) {
        try {
            HttpResponse<String> resp = http.send(HttpRequest.newBuilder(srsBase.resolve("/api/identifications/" + o.refId()))
                    .header("Authorization", "Bearer " + platform.srsTokens().token()).GET().build(), HttpResponse.BodyHandlers.ofString());
            return SrsSnapshot.fromJson(JSON.readTree(resp.body())).statuses();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public List<JsonNode> events(Order o) {
        List<JsonNode> out = new ArrayList<>();
        for (SeenEvent e : allEvents()) {
            try {
                JsonNode d = JSON.readTree(e.detail());
                if (d.path("id").asText().equals(o.id())) {
                    out.add(d);
                }
            } catch (Exception ex) {
                throw new IllegalStateException(ex);
            }
        }
        return out;
    }

    public List<SeenEvent> allEvents() {
        if (backend.embedded()) {
            return env.aws().eventBridge().events(bus).stream().map(e -> new SeenEvent(e.detailType(), e.detail())).toList();
        }
        List<Message> got;
        do {
            got = sqs.receiveMessage(b -> b.queueUrl(captureQueueUrl).maxNumberOfMessages(10).waitTimeSeconds(1)).messages();
            for (Message m : got) {
                try {
                    JsonNode envelope = JSON.readTree(m.body());
                    captured.add(new SeenEvent(envelope.path("detail-type").asText(), envelope.path("detail").toString()));
                } catch (Exception ex) {
                    throw new IllegalStateException(ex);
                }
                sqs.deleteMessage(b -> b.queueUrl(captureQueueUrl).receiptHandle(m.receiptHandle()));
            }
        } while (!got.isEmpty());
        return List.copyOf(captured);
    }

    int dlqDepth() {
        return Integer.parseInt(sqs.getQueueAttributes(b -> b.queueUrl(dlqUrl)
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)).attributes()
                .get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
    }

    /** Ids on the sparse due-poll index (all shards, any time). */
    Set<String> onDueIndex() {
        Set<String> ids = new HashSet<>();
        for (int s = 0; s < engine.settings().shards(); s++) {
            String cursor = null;
            do {
                Page<DuePoll> p = store.dueForPolling(s, Instant.now().plus(Duration.ofDays(3650)), 1000, cursor);
                p.items().forEach(d -> ids.add(d.id()));
                cursor = p.nextCursor();
            } while (cursor != null);
        }
        return ids;
    }

    // ------------------------------------------------------------------ waiting and checking

    public static void await(String what, Duration timeout, BooleanSupplier condition) {
        Instant end = Instant.now().plus(timeout);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(end)) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what);
            }
            pause(100);
        }
    }

    public Identification awaitItem(Order o, String what, Duration timeout, java.util.function.Predicate<Identification> p) {
        await(o.issuer() + "/" + o.method() + " " + what, timeout, () -> p.test(get(o)));
        return get(o);
    }

    /**
     * The consistency check run after every scenario: each item is either at an end state (DONE, no nextPollAt,
     * not on the due index) or tracked (nextPollAt set, on the due index); its history is SRS's history (a prefix
     * of it while tracked), each entry once, in SRS's order.
     */
    public void assertConsistent(List<Order> orders) {
        assertConsistent(orders, true);
    }

    /** @param compareWithSrs false while SRS is made unavailable on purpose (the states are still checked) */
    void assertConsistent(List<Order> orders, boolean compareWithSrs) {
        Set<String> due = onDueIndex();
        for (Order o : orders) {
            Identification i = get(o);
            String label = o.issuer() + "/" + o.method() + " " + o.id();
            if (i.phase() == Phase.DONE) {
                if (i.nextPollAt() != null || due.contains(o.id())) {
                    throw new AssertionError(label + ": DONE but still scheduled");
                }
            } else if (i.nextPollAt() == null || !due.contains(o.id())) {
                throw new AssertionError(label + ": tracked (" + i.phase() + ") but has no due nextPollAt");
            }
            List<StatusEntry> ours = i.statusHistory();
            if (new HashSet<>(ours).size() != ours.size()) {
                throw new AssertionError(label + ": duplicated history entries " + ours);
            }
            if (!compareWithSrs) {
                continue;
            }
            List<StatusEntry> srs = srsHistory(o);
            if (ours.size() > srs.size() || !srs.subList(0, ours.size()).equals(ours)) {
                throw new AssertionError(label + ": history " + ours + " is not SRS's " + srs);
            }
            if (new HashSet<>(ours).size() != ours.size()) {
                throw new AssertionError(label + ": duplicated history entries " + ours);
            }
            if (i.phase() == Phase.DONE && ours.size() != srs.size() && srs.getLast().status().isTerminal()) {
                throw new AssertionError(label + ": DONE without SRS's terminal status");
            }
        }
    }

    static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static URI uri(String s) {
        return URI.create(s);
    }
}
