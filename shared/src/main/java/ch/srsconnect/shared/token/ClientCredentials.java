package ch.srsconnect.shared.token;

import ch.srsconnect.shared.log.Sensitive;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * OAuth2 client id and secret, and the optional Smart Flows headers an SP onboarded before March 2024 may still need
 * ({@code X-Api-Key}, {@code Referer}; G-SF, deprecated). Never printed: {@link #toString()} hides all, logs redact them.
 */
public record ClientCredentials(String clientId, String clientSecret, String smartFlowsApiKey, String smartFlowsReferer)
        implements Sensitive {

    public ClientCredentials(String clientId, String clientSecret) {
        this(clientId, clientSecret, null, null);
    }

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
