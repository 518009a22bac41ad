package ch.srsconnect.local.aws;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The AWS stand-ins of the local runtime, started together: DynamoDB Local, ElasticMQ (SQS), and this
 * package's Secrets Manager and EventBridge stand-ins. All listen on loopback ports; nothing is persisted.
 *
 * <pre>{@code
 * try (EmbeddedAws aws = EmbeddedAws.start()) {
 *     Map<String, String> env = aws.endpointEnvironment(); // give this to a function JVM
 *     ...
 * }
 * }</pre>
 */
public final class EmbeddedAws implements AutoCloseable {

    public static final String DEFAULT_REGION = "eu-central-2";
    public static final String DEFAULT_ACCOUNT_ID = "000000000000";
    /** Dummy credentials: the stand-ins accept any signature. */
    public static final String ACCESS_KEY_ID = "local";
    public static final String SECRET_ACCESS_KEY = "local";

    /** Region, account and ports (0 = any free port). */
    public record Settings(String region, String accountId, int dynamoDbPort, int sqsPort,
                           int secretsManagerPort, int eventBridgePort) {
        public Settings {
            Objects.requireNonNull(region);
            Objects.requireNonNull(accountId);
        }

        public static Settings defaults() {
            return new Settings(DEFAULT_REGION, DEFAULT_ACCOUNT_ID, 0, 0, 0, 0);
        }
    }

    private final Settings settings;
    private final EmbeddedDynamoDb dynamoDb;
    private final EmbeddedSqs sqs;
    private final SecretsManagerStandIn secretsManager;
    private final EventBridgeStandIn eventBridge;
    private final Duration startupTime;
    private SqsClient deadLetterClient;   // built on the first dead letter: most runs have none

    private EmbeddedAws(Settings settings, EmbeddedDynamoDb dynamoDb, EmbeddedSqs sqs,
                        SecretsManagerStandIn secretsManager, EventBridgeStandIn eventBridge, Duration startupTime) {
        this.settings = settings;
        this.dynamoDb = dynamoDb;
        this.sqs = sqs;
        this.secretsManager = secretsManager;
        this.eventBridge = eventBridge;
        this.startupTime = startupTime;
        eventBridge.deadLetters(this::sendDeadLetter);
    }

    private synchronized SqsClient deadLetterClient() {
        if (deadLetterClient == null) {
            deadLetterClient = SqsClient.builder().httpClient(UrlConnectionHttpClient.create()).region(Region.of(settings.region()))
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY_ID, SECRET_ACCESS_KEY)))
                    .endpointOverride(sqs.endpoint()).build();
        }
        return deadLetterClient;
    }

    /** EventBridge's dead letters into ElasticMQ: the queue is the ARN's last segment, the attributes are strings. */
    private void sendDeadLetter(String queueArn, String body, Map<String, String> attributes) {
        String name = queueArn.substring(queueArn.lastIndexOf(':') + 1);
        SqsClient client = deadLetterClient();
        String url = client.getQueueUrl(b -> b.queueName(name)).queueUrl();
        Map<String, MessageAttributeValue> values = new LinkedHashMap<>();
        attributes.forEach((k, v) -> values.put(k, MessageAttributeValue.builder().dataType("String").stringValue(v).build()));
        client.sendMessage(b -> b.queueUrl(url).messageBody(body).messageAttributes(values));
    }

    /** All four on free ports, region {@value #DEFAULT_REGION}, account {@value #DEFAULT_ACCOUNT_ID}. */
    public static EmbeddedAws start() {
        return start(Settings.defaults());
    }

    /** All four, started in parallel; if one fails, the others are stopped and the failure is thrown. */
    public static EmbeddedAws start(Settings settings) {
        long t0 = System.nanoTime();
        ExecutorService starter = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "embedded-aws-start");
            t.setDaemon(true);
            return t;
        });
        try {
            var dynamo = CompletableFuture.supplyAsync(() -> EmbeddedDynamoDb.start(settings.dynamoDbPort()), starter);
            var sqs = CompletableFuture.supplyAsync(
                    () -> EmbeddedSqs.start(settings.sqsPort(), settings.region(), settings.accountId()), starter);
            var secrets = CompletableFuture.supplyAsync(() -> io(() -> new SecretsManagerStandIn(
                    settings.secretsManagerPort(), settings.region(), settings.accountId())), starter);
            var events = CompletableFuture.supplyAsync(() -> io(() -> new EventBridgeStandIn(
                    settings.eventBridgePort(), settings.region(), settings.accountId())), starter);
            try {
                CompletableFuture.allOf(dynamo, sqs, secrets, events).join();
            } catch (CompletionException e) {
                for (var f : List.of(dynamo, sqs, secrets, events)) {
                    f.thenAccept(EmbeddedAws::closeQuietly);
                }
                throw e.getCause() instanceof RuntimeException re ? re : e;
            }
            return new EmbeddedAws(settings, dynamo.join(), sqs.join(), secrets.join(), events.join(),
                    Duration.ofNanos(System.nanoTime() - t0));
        } finally {
            starter.shutdown();
        }
    }

    public String region() {
        return settings.region();
    }

    public String accountId() {
        return settings.accountId();
    }

    public URI dynamoDbEndpoint() {
        return dynamoDb.endpoint();
    }

    public URI sqsEndpoint() {
        return sqs.endpoint();
    }

    public URI secretsManagerEndpoint() {
        return secretsManager.endpoint();
    }

    public URI eventBridgeEndpoint() {
        return eventBridge.endpoint();
    }

    /** The Secrets Manager stand-in: call counts, secrets. */
    public SecretsManagerStandIn secretsManager() {
        return secretsManager;
    }

    /** The EventBridge stand-in: call counts, events received. */
    public EventBridgeStandIn eventBridge() {
        return eventBridge;
    }

    /** How long {@link #start()} took, wall clock. */
    public Duration startupTime() {
        return startupTime;
    }

    /**
     * Environment for a process that should use these stand-ins: the SDK's standard
     * {@code AWS_ENDPOINT_URL_<SERVICE>} variables, region and dummy static credentials.
     */
    public Map<String, String> endpointEnvironment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("AWS_ENDPOINT_URL_DYNAMODB", dynamoDbEndpoint().toString());
        env.put("AWS_ENDPOINT_URL_SQS", sqsEndpoint().toString());
        env.put("AWS_ENDPOINT_URL_SECRETS_MANAGER", secretsManagerEndpoint().toString());
        env.put("AWS_ENDPOINT_URL_EVENTBRIDGE", eventBridgeEndpoint().toString());
        env.put("AWS_REGION", region());
        env.put("AWS_DEFAULT_REGION", region());
        env.put("AWS_ACCESS_KEY_ID", ACCESS_KEY_ID);
        env.put("AWS_SECRET_ACCESS_KEY", SECRET_ACCESS_KEY);
        return Collections.unmodifiableMap(env);
    }

    /** Stops all four (each is attempted even if another fails). */
    @Override
    public void close() {
        List<RuntimeException> failures = new ArrayList<>();
        List<AutoCloseable> closing = new ArrayList<>(List.of(eventBridge, secretsManager, sqs, dynamoDb));
        synchronized (this) {
            if (deadLetterClient != null) closing.add(1, deadLetterClient);
        }
        for (AutoCloseable c : closing) {
            try {
                c.close();
            } catch (Exception e) {
                failures.add(e instanceof RuntimeException re ? re : new IllegalStateException(e));
            }
        }
        if (!failures.isEmpty()) {
            RuntimeException first = failures.getFirst();
            failures.stream().skip(1).forEach(first::addSuppressed);
            throw first;
        }
    }

    @Override
    public String toString() {
        return "EmbeddedAws[region=" + region() + ", dynamodb=" + dynamoDbEndpoint() + ", sqs=" + sqsEndpoint()
                + ", secretsmanager=" + secretsManagerEndpoint() + ", eventbridge=" + eventBridgeEndpoint() + "]";
    }

    private interface IoSupplier<T> {
        T get() throws IOException;
    }

    private static <T> T io(IoSupplier<T> supplier) {
        try {
            return supplier.get();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // already failing
        }
    }
}
