package ch.srsconnect.shared.events;

import ch.srsconnect.shared.json.JsonText;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The webhook signature (docs/webhooks.md, decision 0058): the status event's detail carries {@code signedAt} (epoch
 * seconds) and {@code signature} = {@code "v1=" + hex(HMAC-SHA256(key, canonical(detail without signature)))}.
 *
 * <p>EventBridge re-serializes the detail before an API destination sends it, so the signature covers a canonical
 * form, not the bytes: keys sorted, no whitespace, strings escaped as RFC 8785 (JCS) does, integers only. Python's
 * {@code json.dumps(d, sort_keys=True, separators=(",", ":"), ensure_ascii=False)} produces the same text.
 */
public final class WebhookSignature {
    public static final String SIGNATURE = "signature";
    public static final String SIGNED_AT = "signedAt";
    public static final String VERSION = "v1=";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What {@link #verify} found. */
    public enum Verdict { VALID, MALFORMED, NOT_SIGNED, BAD_SIGNATURE, TOO_OLD }

    private final SecretKeySpec key;

    /** {@code secret}: the signing secret's string value (the stack's WebhookSigningSecret), used as UTF-8 bytes. */
    public WebhookSignature(String secret) {
        if (secret == null || secret.isBlank()) {
            throw new IllegalArgumentException("the webhook signing secret is empty");
        }
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }

    /** A copy of {@code detail} with {@code signedAt} = {@code now} and its {@code signature}. */
    public ObjectNode sign(ObjectNode detail, Instant now) {
        ObjectNode signed = detail.deepCopy();
        signed.remove(SIGNATURE);
        signed.put(SIGNED_AT, now.getEpochSecond());
        signed.put(SIGNATURE, signatureOf(signed));
        return signed;
    }

    /**
     * Checks a delivered body. {@code tolerance}: how old {@code signedAt} may be; it must cover the webhook's maximum
     * event age, because EventBridge retries the same signed event for that long.
     */
    public Verdict verify(String body, Instant now, Duration tolerance) {
        JsonNode node;
        try {
            node = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            return Verdict.MALFORMED;
        }
        if (!(node instanceof ObjectNode detail) || !detail.path(SIGNATURE).isTextual() || !detail.path(SIGNED_AT).canConvertToLong()) {
            return node instanceof ObjectNode ? Verdict.NOT_SIGNED : Verdict.MALFORMED;
        }
        String claimed = detail.get(SIGNATURE).asText();
        ObjectNode rest = detail.deepCopy();
        rest.remove(SIGNATURE);
        String expected;
        try {
            expected = signatureOf(rest);
        } catch (IllegalArgumentException e) {
            return Verdict.MALFORMED;
        }
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), claimed.getBytes(StandardCharsets.UTF_8))) {
            return Verdict.BAD_SIGNATURE;
        }
        Instant signedAt = Instant.ofEpochSecond(detail.get(SIGNED_AT).asLong());
        return signedAt.isBefore(now.minus(tolerance)) ? Verdict.TOO_OLD : Verdict.VALID;
    }

    private String signatureOf(ObjectNode unsigned) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            byte[] digest = mac.doFinal(canonical(unsigned).getBytes(StandardCharsets.UTF_8));
            return VERSION + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /** The canonical text: sorted keys, no whitespace, JCS string escapes; integers, booleans and null as JSON has them. */
    static String canonical(JsonNode node) {
        StringBuilder out = new StringBuilder();
        write(node, out);
        return out.toString();
    }

    private static void write(JsonNode node, StringBuilder out) {
        switch (node.getNodeType()) {
            case OBJECT -> {
                Map<String, JsonNode> sorted = new TreeMap<>();   // UTF-16 order, as JCS sorts
                for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    sorted.put(e.getKey(), e.getValue());
                }
                out.append('{');
                String sep = "";
                for (Map.Entry<String, JsonNode> e : sorted.entrySet()) {
                    out.append(sep);
                    JsonText.quote(out, e.getKey(), false);
                    out.append(':');
                    write(e.getValue(), out);
                    sep = ",";
                }
                out.append('}');
            }
            case ARRAY -> {
                out.append('[');
                for (int i = 0; i < node.size(); i++) {
                    if (i > 0) out.append(',');
                    write(node.get(i), out);
                }
                out.append(']');
            }
            case STRING -> JsonText.quote(out, node.asText(), false);
            case BOOLEAN, NULL -> out.append(node.asText());
            case NUMBER -> {
                if (!node.canConvertToExactIntegral() || !node.canConvertToLong()) {
                    throw new IllegalArgumentException("a signed detail holds integers only, not " + node);
                }
                out.append(node.asLong());
            }
            default -> throw new IllegalArgumentException("not JSON data: " + node.getNodeType());
        }
    }
}
