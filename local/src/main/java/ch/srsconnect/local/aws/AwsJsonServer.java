package ch.srsconnect.local.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.LongAdder;

/**
 * Minimal server for the AWS JSON 1.1 protocol on the JDK's {@link HttpServer}, bound to 127.0.0.1.
 *
 * <p>{@code POST /} with {@code X-Amz-Target: <prefix>.<Operation>} is dispatched to
 * {@link #handle(String, ObjectNode)}; replies are {@code application/x-amz-json-1.1}. Errors are
 * {@code {"__type": ..., "message": ...}} with status 400 (or the status of the {@link AwsError}).
 * SigV4 signatures are not checked. Calls are counted per operation (unknown operations too).
 * Subclasses may serve extra {@code GET} paths through {@link #handleGet(String, String)}.
 */
public abstract class AwsJsonServer implements AutoCloseable {

    /** Content type of AWS JSON 1.1 requests and replies. */
    public static final String CONTENT_TYPE = "application/x-amz-json-1.1";

    protected static final ObjectMapper JSON = new ObjectMapper();
    protected static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final String targetPrefix;
    private final Map<String, LongAdder> calls = new ConcurrentHashMap<>();
    private final HttpServer server;
    private final ExecutorService executor;

    /**
     * @param targetPrefix the part of {@code X-Amz-Target} before the dot, e.g. {@code secretsmanager}
     * @param port         port on 127.0.0.1, 0 for any free port
     */
    protected AwsJsonServer(String targetPrefix, int port) throws IOException {
        this.targetPrefix = targetPrefix;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        this.executor = Executors.newThreadPerTaskExecutor(
                Thread.ofVirtual().name(getClass().getSimpleName() + "-", 0).factory());
        server.setExecutor(executor);
        server.createContext("/", this::exchange);
        server.start();
    }

    /** Handles one operation; returns the reply body or throws {@link AwsError}. */
    protected abstract JsonNode handle(String operation, ObjectNode request);

    /**
     * Serves {@code GET path}; returns the JSON reply or {@code null} for 404.
     * The default serves nothing.
     */
    protected JsonNode handleGet(String path, String query) {
        return null;
    }

    /** The endpoint to give an SDK client, e.g. {@code http://127.0.0.1:4711}. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port());
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** How many times {@code operation} (e.g. {@code GetSecretValue}) was called, errors included. */
    public long callCount(String operation) {
        LongAdder adder = calls.get(operation);
        return adder == null ? 0 : adder.sum();
    }

    /** All call counts by operation, sorted by name. */
    public Map<String, Long> callCounts() {
        Map<String, Long> copy = new TreeMap<>();
        calls.forEach((op, n) -> copy.put(op, n.sum()));
        return copy;
    }

    public void resetCallCounts() {
        calls.clear();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void exchange(HttpExchange ex) throws IOException {
        try (ex) {
            String method = ex.getRequestMethod();
            String path = ex.getRequestURI().getPath();
            byte[] body = readAll(ex.getRequestBody());
            if ("GET".equals(method) && !"/".equals(path)) {
                JsonNode reply = handleGet(path, ex.getRequestURI().getRawQuery());
                if (reply == null) {
                    send(ex, 404, "application/json", error("NotFound", "No such path: " + path));
                } else {
                    send(ex, 200, "application/json", reply);
                }
                return;
            }
            if (!"POST".equals(method) || !"/".equals(path)) {
                send(ex, 404, CONTENT_TYPE, error("UnknownOperationException", method + " " + path + " is not served"));
                return;
            }
            String target = ex.getRequestHeaders().getFirst("X-Amz-Target");
            String prefix = targetPrefix + ".";
            if (target == null || !target.startsWith(prefix)) {
                send(ex, 400, CONTENT_TYPE, error("UnknownOperationException",
                        "Missing or foreign X-Amz-Target: " + target));
                return;
            }
            String operation = target.substring(prefix.length());
            calls.computeIfAbsent(operation, k -> new LongAdder()).increment();
            ObjectNode request;
            try {
                JsonNode parsed = body.length == 0 ? NODES.objectNode() : JSON.readTree(body);
                if (parsed == null || parsed.isMissingNode()) {
                    parsed = NODES.objectNode();
                }
                if (!parsed.isObject()) {
                    throw new AwsError("SerializationException", "Request body must be a JSON object");
                }
                request = (ObjectNode) parsed;
            } catch (IOException e) {
                send(ex, 400, CONTENT_TYPE, error("SerializationException", "Malformed JSON: " + e.getMessage()));
                return;
            }
            try {
                JsonNode reply = handle(operation, request);
                send(ex, 200, CONTENT_TYPE, reply == null ? NODES.objectNode() : reply);
            } catch (AwsError e) {
                ex.getResponseHeaders().set("x-amzn-ErrorType", e.type());
                send(ex, e.status(), CONTENT_TYPE, error(e.type(), e.getMessage()));
            } catch (RuntimeException e) {
                ex.getResponseHeaders().set("x-amzn-ErrorType", "InternalFailure");
                send(ex, 500, CONTENT_TYPE, error("InternalFailure", String.valueOf(e)));
            }
        }
    }

    private static ObjectNode error(String type, String message) {
        return NODES.objectNode().put("__type", type).put("message", message);
    }

    private static void send(HttpExchange ex, int status, String contentType, JsonNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        ex.getResponseHeaders().set("Content-Type", contentType);
        ex.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        try (in) {
            return in.readAllBytes();
        }
    }

    // ---- helpers for subclasses ----

    /** An AWS timestamp in the JSON protocols: epoch seconds with milliseconds as fraction. */
    protected static JsonNode timestamp(Instant instant) {
        return DecimalNode.valueOf(BigDecimal.valueOf(instant.toEpochMilli(), 3));
    }

    /** Reads an epoch-seconds timestamp (number or numeric string); {@code null} when absent. */
    protected static Instant readTimestamp(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        try {
            BigDecimal seconds = node.isNumber() ? node.decimalValue() : new BigDecimal(node.asText());
            return Instant.ofEpochMilli(seconds.movePointRight(3).longValue());
        } catch (NumberFormatException e) {
            throw new AwsError("ValidationException", "Not a timestamp: " + node);
        }
    }

    /** A text member, {@code null} when absent or JSON null. */
    protected static String text(JsonNode request, String field) {
        JsonNode node = request.get(field);
        return node == null || node.isNull() ? null : node.asText();
    }

    /** A required text member, or the given error type. */
    protected static String required(JsonNode request, String field, String errorType) {
        String value = text(request, field);
        if (value == null || value.isEmpty()) {
            throw new AwsError(errorType, "1 validation error detected: Value null at '" + lower(field)
                    + "' failed to satisfy constraint: Member must not be null");
        }
        return value;
    }

    private static String lower(String field) {
        return Character.toLowerCase(field.charAt(0)) + field.substring(1);
    }

    /** An error reply of the AWS JSON protocol. */
    public static final class AwsError extends RuntimeException {
        private final String type;
        private final int status;

        public AwsError(String type, String message) {
            this(type, message, 400);
        }

        public AwsError(String type, String message, int status) {
            super(message, null, false, false);
            this.type = type;
            this.status = status;
        }

        public String type() {
            return type;
        }

        public int status() {
            return status;
        }
    }
}
