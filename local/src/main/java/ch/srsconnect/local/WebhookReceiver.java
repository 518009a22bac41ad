package ch.srsconnect.local;

import ch.srsconnect.shared.events.WebhookSignature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.ToIntFunction;

/**
 * A tiny webhook receiver for the local runtime ({@code ./dev run --webhook-receiver}): verifies each delivery's
 * signature as an SP's backend would (docs/webhooks.md), prints one line per delivery and answers 204, or 400 for a
 * delivery that does not verify (not retried: a forged or tampered call will not verify on a retry either).
 */
public final class WebhookReceiver implements AutoCloseable {
    public static final String PATH = "/webhook";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One delivery as received: the verdict, the body, the event id and API key headers. */
    public record Delivery(WebhookSignature.Verdict verdict, String body, String eventIdHeader, String apiKeyHeader, int answered) {
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                return JSON.nullNode();
            }
        }
    }

    private final HttpServer server;
    private final Consumer<String> log;
    private final Clock clock;
    private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
    private volatile WebhookSignature signature;
    private volatile Duration tolerance = Duration.ofSeconds(3900);
    private volatile ToIntFunction<JsonNode> answer = body -> 204;

    private WebhookReceiver(HttpServer server, Consumer<String> log, Clock clock) {
        this.server = server;
        this.log = log;
        this.clock = clock;
    }

    /** Listens on 127.0.0.1:{@code port} (0: any free port); verifies once {@link #signingSecret} is given. */
    public static WebhookReceiver start(int port, Consumer<String> log) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        WebhookReceiver receiver = new WebhookReceiver(server, Objects.requireNonNull(log), Clock.systemUTC());
        server.createContext(PATH, receiver::handle);
        server.start();
        return receiver;
    }

    /** The URL to give as WebhookUrl. */
    public URI url() {
        return URI.create("http://localhost:" + server.getAddress().getPort() + PATH);
    }

    /** The value of the stack's WebhookSigningSecret; {@code tolerance}: the signature's maximum age. */
    public void signingSecret(String secret, Duration tolerance) {
        this.signature = new WebhookSignature(secret);
        this.tolerance = Objects.requireNonNull(tolerance);
    }

    /** Tests: the status to answer a verified delivery with (e.g. 503 for some identifications). */
    public void answer(ToIntFunction<JsonNode> answer) {
        this.answer = Objects.requireNonNull(answer);
    }

    public List<Delivery> deliveries() {
        return List.copyOf(deliveries);
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            WebhookSignature s = signature;
            WebhookSignature.Verdict verdict = s == null ? WebhookSignature.Verdict.NOT_SIGNED : s.verify(body, clock.instant(), tolerance);
            int status = verdict == WebhookSignature.Verdict.VALID ? answer.applyAsInt(JSON.readTree(body)) : 400;
            Delivery d = new Delivery(verdict, body, ex.getRequestHeaders().getFirst("Srs-Connect-Event-Id"),
                    ex.getRequestHeaders().getFirst("X-Srs-Connect-Api-Key"), status);
            deliveries.add(d);
            log.accept(line(d));
            ex.sendResponseHeaders(status, -1);
        }
    }

    private static String line(Delivery d) {
        int status = d.answered();
        JsonNode j = d.json();
        if (d.verdict() != WebhookSignature.Verdict.VALID) {
            return "webhook receiver: REJECTED (" + d.verdict() + ") changeId=" + j.path("changeId").asText("?") + " -> " + status;
        }
        return "webhook receiver: verified " + j.path("kind").asText() + " id=" + j.path("id").asText() + " "
                + j.path("oldStatus").asText("-") + " -> " + j.path("newStatus").asText("-") + " phase=" + j.path("phase").asText()
                + " canSign=" + j.path("canSign").asText() + " changeId=" + j.path("changeId").asText() + " -> " + status;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
