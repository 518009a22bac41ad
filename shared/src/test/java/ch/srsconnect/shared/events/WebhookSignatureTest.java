package ch.srsconnect.shared.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class WebhookSignatureTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-12-03T09:00:00Z");
    private static final Duration TOLERANCE = Duration.ofMinutes(65);
    private final WebhookSignature signature = new WebhookSignature("s3cret-signing-key");

    private static ObjectNode detail() {
        return JSON.createObjectNode().put("changeId", "c-1").put("newStatus", "IDENTIFIED").put("canSign", false)
                .putNull("statusDate").put("refId", "Zürich \"quoted\" \\ line\nbreak \u0001");
    }

    @Test
    void aSignedDetailVerifiesAfterReserialization() throws Exception {
        ObjectNode signed = signature.sign(detail(), NOW);
        assertEquals(NOW.getEpochSecond(), signed.get(WebhookSignature.SIGNED_AT).asLong());
        assertTrue(signed.get(WebhookSignature.SIGNATURE).asText().matches("v1=[0-9a-f]{64}"));
        // EventBridge may reorder keys and indent: the canonical form does not change
        String pretty = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(reversed(signed));
        assertEquals(WebhookSignature.Verdict.VALID, signature.verify(pretty, NOW.plusSeconds(60), TOLERANCE));
    }

    @Test
    void aTamperedBodyOrAnotherKeyFails() {
        ObjectNode signed = signature.sign(detail(), NOW);
        ObjectNode tampered = signed.deepCopy().put("newStatus", "FAILED");
        assertEquals(WebhookSignature.Verdict.BAD_SIGNATURE, signature.verify(tampered.toString(), NOW, TOLERANCE));
        ObjectNode replayedLater = signed.deepCopy().put(WebhookSignature.SIGNED_AT, NOW.getEpochSecond() + 600);
        assertEquals(WebhookSignature.Verdict.BAD_SIGNATURE, signature.verify(replayedLater.toString(), NOW, TOLERANCE));
        assertEquals(WebhookSignature.Verdict.BAD_SIGNATURE,
                new WebhookSignature("another-key").verify(signed.toString(), NOW, TOLERANCE));
    }

    @Test
    void oldUnsignedAndMalformedBodiesAreNamed() {
        ObjectNode signed = signature.sign(detail(), NOW);
        assertEquals(WebhookSignature.Verdict.TOO_OLD, signature.verify(signed.toString(), NOW.plus(TOLERANCE).plusSeconds(1), TOLERANCE));
        assertEquals(WebhookSignature.Verdict.NOT_SIGNED, signature.verify(detail().toString(), NOW, TOLERANCE));
        assertEquals(WebhookSignature.Verdict.MALFORMED, signature.verify("[1]", NOW, TOLERANCE));
        assertEquals(WebhookSignature.Verdict.MALFORMED, signature.verify("{not json", NOW, TOLERANCE));
    }

    @Test
    void signingTwiceReplacesTheSignatureAndTheTimestamp() {
        ObjectNode first = signature.sign(detail(), NOW);
        ObjectNode second = signature.sign(first, NOW.plusSeconds(5));
        assertNotEquals(first.get(WebhookSignature.SIGNATURE), second.get(WebhookSignature.SIGNATURE));
        assertEquals(WebhookSignature.Verdict.VALID, signature.verify(second.toString(), NOW.plusSeconds(5), TOLERANCE));
    }

    @Test
    void theCanonicalFormIsSortedCompactAndEscapedAsJcs() {
        ObjectNode node = JSON.createObjectNode();
        node.putObject("c").put("x", -3);
        node.put("b", "\u001f\t\"é");
        node.putArray("a").add(1).add(true).addNull();
        assertEquals("{\"a\":[1,true,null],\"b\":\"\\u001f\\t\\\"é\",\"c\":{\"x\":-3}}", WebhookSignature.canonical(node));
        assertThrows(IllegalArgumentException.class, () -> WebhookSignature.canonical(JSON.createObjectNode().put("f", 1.5)));
        assertThrows(IllegalArgumentException.class, () -> new WebhookSignature(" "));
    }

    private static ObjectNode reversed(ObjectNode node) {
        ObjectNode out = JSON.createObjectNode();
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        Collections.reverse(names);
        names.forEach(n -> out.set(n, node.get(n)));
        return out;
    }
}
