package ch.srsconnect.local.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Sends events to API destinations as EventBridge does (eb-api-destinations): one HTTP request per event and target,
 * 5 s timeout, the connection's auth header, the target's header and query parameters (a value that is a JSON path such
 * as {@code $.detail.id} is read from the event), retries with exponential backoff and jitter for 401, 407, 409, 429,
 * 5xx and timeouts until the retry policy's attempts or event age run out, then the target's dead-letter queue with
 * EventBridge's message attributes. Other statuses are not retried.
 *
 * <p>Guessed, not documented: the backoff's base and cap (EventBridge does not publish them); here the first retry
 * waits {@code firstRetryDelay}, each next one twice as long (capped at 64 times), with up to 20 % jitter.
 */
public final class ApiDestinationDelivery implements AutoCloseable {
    static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Where a message to a dead-letter queue goes (the SQS queue by ARN). */
    public interface DeadLetters {
        void send(String queueArn, String body, Map<String, String> attributes);
    }

    /** One attempt's outcome, for logs and tests; {@code next}: what follows a failure (a retry, the dead-letter queue). */
    public record Attempt(String ruleArn, String targetId, String eventId, int attempt, int status, String error, String next, Instant at) {}

    /** What one target of a matched rule needs to send an event. */
    record Send(String ruleArn, String targetId, String targetArn, URI endpoint, String method, Map<String, String> headers,
                String body, int maxRetries, Duration maxAge, String deadLetterArn, String eventId, String eventJson, Instant eventTime) {}

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private volatile Duration timeout = TIMEOUT;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "eventbridge-api-destinations");
        t.setDaemon(true);
        return t;
    });
    private volatile Duration firstRetryDelay;
    private volatile DeadLetters deadLetters;
    private volatile Consumer<Attempt> observer = a -> { };

    ApiDestinationDelivery(Duration firstRetryDelay) {
        this.firstRetryDelay = Objects.requireNonNull(firstRetryDelay);
    }

    /** Tests only: EventBridge's 5 s request timeout, shorter. */
    void requestTimeout(Duration timeout) {
        this.timeout = Objects.requireNonNull(timeout);
    }

    void firstRetryDelay(Duration delay) {
        this.firstRetryDelay = Objects.requireNonNull(delay);
    }

    void deadLetters(DeadLetters sink) {
        this.deadLetters = sink;
    }

    void observe(Consumer<Attempt> observer) {
        this.observer = Objects.requireNonNull(observer);
    }

    /** Queues the first attempt; attempts run one at a time in the order they are due (events in order per target). */
    void submit(Send send) {
        scheduler.execute(() -> attempt(send, 0));
    }

    private void attempt(Send send, int retries) {
        int status = -1;
        String error = null;
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(send.endpoint()).timeout(timeout)
                    .method(send.method(), HttpRequest.BodyPublishers.ofString(send.body(), StandardCharsets.UTF_8));
            send.headers().forEach(request::header);
            status = http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (HttpTimeoutException e) {
            error = "timed out after " + timeout.toMillis() + " ms";
        } catch (IOException e) {
            error = "connection failed: " + (e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (status >= 200 && status < 300) {
            report(send, retries, status, null, null);
            return;
        }
        Duration delay = backoff(retries);
        if (error == null && !retryable(status)) {
            report(send, retries, status, null, deadLetter(send, "SDK_CLIENT_ERROR",
                    "Received a non-retryable response from the API destination: " + status, null, retries));
        } else if (retries >= send.maxRetries()) {
            report(send, retries, status, error, deadLetter(send, "RETRIES_EXHAUSTED", reason(status, error), "MaximumRetryAttempts", retries));
        } else if (Instant.now().plus(delay).isAfter(send.eventTime().plus(send.maxAge()))) {
            report(send, retries, status, error, deadLetter(send, "RETRIES_EXHAUSTED", reason(status, error), "MaximumEventAgeInSeconds", retries));
        } else {
            report(send, retries, status, error, "retry in " + delay.toMillis() + " ms");
            scheduler.schedule(() -> attempt(send, retries + 1), delay.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void report(Send send, int retries, int status, String error, String next) {
        observer.accept(new Attempt(send.ruleArn(), send.targetId(), send.eventId(), retries + 1, status, error, next, Instant.now()));
    }

    static boolean retryable(int status) {
        return status == 401 || status == 407 || status == 409 || status == 429 || status >= 500;
    }

    private Duration backoff(int retries) {
        long base = firstRetryDelay.toMillis() << Math.min(retries, 6);
        return Duration.ofMillis(base + (long) (base * 0.2 * ThreadLocalRandom.current().nextDouble()));
    }

    private static String reason(int status, String error) {
        return error != null ? error : "the API destination answered " + status;
    }

    /** Sends the event to the target's dead-letter queue; says where it went. */
    private String deadLetter(Send send, String code, String message, String exhausted, int retries) {
        DeadLetters sink = deadLetters;
        if (send.deadLetterArn() == null || sink == null) return "dropped (no dead-letter queue)";   // as EventBridge
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("RULE_ARN", send.ruleArn());
        attributes.put("TARGET_ARN", send.targetArn());
        attributes.put("ERROR_CODE", code);
        attributes.put("ERROR_MESSAGE", message);
        if (exhausted != null) attributes.put("EXHAUSTED_RETRY_CONDITION", exhausted);
        attributes.put("RETRY_ATTEMPTS", Integer.toString(retries));
        try {
            sink.send(send.deadLetterArn(), send.eventJson(), attributes);
            return "dead-letter queue " + send.deadLetterArn() + " (" + code + ")";
        } catch (RuntimeException e) {
            return "dropped: dead-letter queue " + send.deadLetterArn() + " refused it (" + e.getMessage() + ")";
        }
    }

    /** A target parameter's value: a JSON path ({@code $.a.b}, the entire value) read from the event, else the value itself. */
    static String parameter(String value, JsonNode event) {
        if (!value.startsWith("$.") && !value.equals("$")) return value;
        JsonNode node = path(event, value);
        return node == null || node.isNull() ? "" : node.isValueNode() ? node.asText() : node.toString();
    }

    /** {@code $}, {@code $.a.b} (dot notation, as EventBridge's InputPath supports). */
    static JsonNode path(JsonNode event, String path) {
        JsonNode node = event;
        if (!path.equals("$")) {
            for (String step : path.substring(2).split("\\.")) {
                node = node == null ? null : node.get(step);
            }
        }
        return node;
    }

    /** The endpoint with the target's query string parameters appended. */
    static URI withQuery(String endpoint, Map<String, String> query) {
        if (query.isEmpty()) return URI.create(endpoint);
        StringBuilder s = new StringBuilder(endpoint).append(endpoint.contains("?") ? '&' : '?');
        String sep = "";
        for (var e : query.entrySet()) {
            s.append(sep).append(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
            sep = "&";
        }
        return URI.create(s.toString());
    }

    static String json(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
