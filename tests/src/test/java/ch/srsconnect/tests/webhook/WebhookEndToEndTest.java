package ch.srsconnect.tests.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.srsconnect.local.LocalRuntime;
import ch.srsconnect.local.WebhookReceiver;
import ch.srsconnect.local.aws.EventBridgeStandIn;
import ch.srsconnect.shared.events.WebhookSignature;
import ch.srsconnect.tests.TestEnvironment;
import ch.srsconnect.tests.e2e.FrontendClient;
import ch.srsconnect.tests.iam.Referees;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The webhook as an SP's backend sees it: the shared local runtime runs with WebhookUrl pointing to a
 * {@link WebhookReceiver}; identifications are driven through the HTTP API and the simulator; every status change on
 * the bus arrives, signed, in order; a receiver that keeps failing gets the retries and then the dead-letter queue.
 */
class WebhookEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> FAILING = ConcurrentHashMap.newKeySet();
    private static LocalRuntime runtime;
    private static WebhookReceiver receiver;
    private static FrontendClient frontend;

    @BeforeAll
    static void start() {
        runtime = TestEnvironment.get().localRuntime();
        receiver = TestEnvironment.get().webhookReceiver();
        receiver.answer(body -> FAILING.contains(body.path("id").asText()) ? 503 : 204);
        frontend = new FrontendClient(runtime.baseUrl());
    }

    @AfterAll
    static void reset() {
        receiver.answer(body -> 204);
    }

    @Test
    void everyChangeOfAnIdentificationArrivesSignedAndInOrder() throws Exception {
        String token = runtime.mintToken("webhook-" + UUID.randomUUID());
        String msisdn = msisdn();
        JsonNode placed = place(token, msisdn);
        String id = placed.path("id").asText();
        choose(placed.path("targetUrl").asText(), "success");
        await("the lookup phase", () -> "LOOKUP".equals(get(token, id).path("tracking").path("phase").asText()));
        TestEnvironment.get().simulator().acceptTerms(msisdn);
        await("can sign", () -> get(token, id).path("canSign").asBoolean(false));

        List<String> onTheBus = busChanges(id);
        await("every change delivered", () -> delivered(id).size() >= onTheBus.size());
        List<WebhookReceiver.Delivery> deliveries = receiver.deliveries().stream().filter(d -> id.equals(d.json().path("id").asText())).toList();
        assertTrue(onTheBus.size() >= 3, "status changes and can-sign: " + onTheBus);
        assertEquals(onTheBus, deliveries.stream().map(d -> d.json().path("changeId").asText()).toList(), "each change once, in order");
        String apiKey = secret("WebhookApiKeySecret");
        for (WebhookReceiver.Delivery d : deliveries) {
            assertEquals(WebhookSignature.Verdict.VALID, d.verdict(), d.body());
            assertEquals(d.json().path("changeId").asText(), d.eventIdHeader(), "the event id header, for deduplication");
            assertEquals(apiKey, d.apiKeyHeader(), "the connection's API key");
            assertFalse(d.body().contains(msisdn.substring(1)), "no msisdn in the payload");
        }
        assertTrue(deliveries.getLast().json().path("canSign").asBoolean(), deliveries.getLast().body());
        assertPythonVerifies(deliveries.getLast().body());
        Set<String> fields = new TreeSet<>();
        deliveries.getLast().json().fieldNames().forEachRemaining(fields::add);
        assertEquals(documentedFields(), fields, "the body is what docs/api/openapi.yaml (webhooks) describes");
    }

    @Test
    void aFailingBackendGetsTheRetriesThenTheEventIsInTheDeadLetterQueue() throws Exception {
        String token = runtime.mintToken("webhook-down-" + UUID.randomUUID());
        JsonNode placed = place(token, msisdn());
        String id = placed.path("id").asText();
        FAILING.add(id);
        choose(placed.path("targetUrl").asText(), "success");
        await("a change on the bus", () -> !busChanges(id).isEmpty());
        String changeId = busChanges(id).getFirst();
        String queue = runtime.resolver().physical("WebhookDeadLetterQueue").ref();
        Message dead = null;
        for (int i = 0; i < 60 && dead == null; i++) {
            dead = TestEnvironment.get().sqs().receiveMessage(b -> b.queueUrl(queue).messageAttributeNames("All").waitTimeSeconds(1)
                    .maxNumberOfMessages(10)).messages().stream()
                    .filter(m -> changeId.equals(readTree(m.body()).path("detail").path("changeId").asText())).findFirst().orElse(null);
        }
        assertTrue(dead != null, "the undelivered change is in the webhook dead-letter queue");
        assertEquals("MaximumRetryAttempts", dead.messageAttributes().get("EXHAUSTED_RETRY_CONDITION").stringValue());
        long attempts = receiver.deliveries().stream().filter(d -> changeId.equals(d.json().path("changeId").asText())).count();
        assertEquals(3, attempts, "the first attempt and WebhookMaxRetryAttempts=2 retries");
        assertTrue(receiver.deliveries().stream().filter(d -> changeId.equals(d.json().path("changeId").asText()))
                .allMatch(d -> d.answered() == 503));
    }

    /** The Python snippet of docs/webhooks.md, a verifier we did not write in Java, accepts the body and refuses it altered. */
    private static void assertPythonVerifies(String body) throws IOException {
        Referees.require("python3", "python3", "--version");
        Path file = Files.createTempFile("webhook-", ".json");
        Files.writeString(file, body);
        ObjectNode tampered = (ObjectNode) JSON.readTree(body);
        tampered.put("canSign", false);
        Path altered = Files.createTempFile("webhook-tampered-", ".json");
        Files.writeString(altered, tampered.toString());
        String secret = secret("WebhookSigningSecret");
        Referees.Result ok = python(secret, file);
        assertEquals(0, ok.exit(), ok.output());
        assertTrue(ok.output().startsWith("valid " + tampered.path("changeId").asText()), ok.output());
        Referees.Result bad = python(secret, altered);
        assertEquals(1, bad.exit(), bad.output());
        assertEquals("bad signature", bad.output().strip());
    }

    private static Referees.Result python(String secret, Path body) {
        return Referees.run(TestEnvironment.projectRoot(), List.of("sh", "-c",
                "WEBHOOK_SECRET=\"$1\" python3 docs/webhooks/verify.py < \"$2\"", "verify", secret, body.toString()));
    }

    @SuppressWarnings("unchecked")
    private static Set<String> documentedFields() throws IOException {
        Map<String, Object> doc = new Yaml().load(Files.readString(TestEnvironment.projectRoot().resolve("docs/api/openapi.yaml")));
        Map<String, Object> schemas = (Map<String, Object>) ((Map<String, Object>) doc.get("components")).get("schemas");
        return new TreeSet<>(((Map<String, Object>) ((Map<String, Object>) schemas.get("StatusChangeWebhook")).get("properties")).keySet());
    }

    private static String secret(String logicalId) {
        return TestEnvironment.get().secretsManager()
                .getSecretValue(b -> b.secretId(runtime.resolver().physical(logicalId).ref())).secretString();
    }

    private static List<String> busChanges(String id) {
        return TestEnvironment.get().aws().eventBridge().events().stream().map(EventBridgeStandIn.Event::detail).map(WebhookEndToEndTest::readTree)
                .filter(d -> id.equals(d.path("id").asText())).map(d -> d.path("changeId").asText()).toList();
    }

    private static List<WebhookReceiver.Delivery> delivered(String id) {
        return receiver.deliveries().stream().filter(d -> id.equals(d.json().path("id").asText())).toList();
    }

    private static JsonNode place(String token, String msisdn) {
        String body = "{\"issuer\":\"test\",\"method\":\"video\",\"msisdn\":\"" + msisdn + "\",\"language\":\"en\","
                + "\"person\":{\"firstName\":\"Max\",\"lastName\":\"Muster\",\"dob\":\"1980-12-31\"}}";
        FrontendClient.Response r = frontend.send(HttpRequest.newBuilder(URI.create(runtime.baseUrl() + "/identifications"))
                .timeout(Duration.ofSeconds(60)).header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
        assertEquals(201, r.status(), r.body());
        return r.json();
    }

    private static void choose(String targetUrl, String outcome) {
        FrontendClient.Response chosen = frontend.send(HttpRequest.newBuilder(URI.create(targetUrl))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("outcome=" + outcome, StandardCharsets.UTF_8)).build());
        assertEquals(200, chosen.status(), chosen.body());
    }

    private static JsonNode get(String token, String id) {
        FrontendClient.Response r = frontend.get("/identifications/" + id, token);
        assertEquals(200, r.status(), r.body());
        return r.json();
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for " + what);
            Thread.sleep(250);
        }
    }

    private static JsonNode readTree(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String msisdn() {
        return "+4179" + (1_000_000 + ThreadLocalRandom.current().nextInt(8_999_999));
    }
}
