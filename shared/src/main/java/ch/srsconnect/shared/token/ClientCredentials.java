package ch.srsconnect.shared.token;

import ch.srsconnect.shared.log.Sensitive;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** OAuth2 client id and secret. Never printed: {@link #toString()} hides both, logs redact it. */
public record ClientCredentials(String clientId, String clientSecret) implements Sensitive {

    /** {@code Basic base64(urlencoded id : urlencoded secret)} (RFC 6749 §2.3.1). */
    public String basicAuthorization() {
        String pair = form(clientId) + ":" + form(clientSecret);
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    private static String form(String s) {
        return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "ClientCredentials[redacted]";
    }
}
