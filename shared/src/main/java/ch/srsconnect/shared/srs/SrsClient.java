package ch.srsconnect.shared.srs;

import ch.srsconnect.shared.http.HttpCall;
import ch.srsconnect.shared.http.SwisscomHttp;
import ch.srsconnect.shared.http.SwisscomProtocolException;
import ch.srsconnect.shared.http.Urls;
import ch.srsconnect.shared.token.AccessTokens;
import com.fasterxml.jackson.databind.JsonNode;

import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * Swisscom SRS API (scope {@code miss}), wire contract in {@code srs-api.md}. Each operation is one short
 * method: build an {@link HttpCall} with an endpoint label, send it, check the answer's shape.
 * Errors: {@code SwisscomUnavailableException} (→ 503), {@code SwisscomRejectedException} (other 4xx),
 * {@code SwisscomProtocolException} (→ 502).
 */
public final class SrsClient {
    public static final String LIST_PROVIDERS = "GET /api/providers";

    private final SwisscomHttp http;
    private final AccessTokens tokens;
    private final URI baseUrl;

    public SrsClient(SwisscomHttp http, AccessTokens tokens, URI baseUrl) {
        this.http = http;
        this.tokens = tokens;
        this.baseUrl = baseUrl;
    }

    /**
     * {@code GET {SRS_BASE_URL}/api/providers?...}: identification methods. Query parameters are passed as
     * given (repeats kept, e.g. {@code jurisdiction=ZERTES&jurisdiction=EIDAS}).
     *
     * @return the JSON array SRS returned
     */
    public JsonNode listProviders(Map<String, List<String>> query) {
        JsonNode body = http.send(HttpCall.get(Urls.resolve(baseUrl, "/api/providers", query), LIST_PROVIDERS)
                .bearer(tokens)).requireSuccess().json();
        return requireArray(LIST_PROVIDERS, body);
    }

    static JsonNode requireArray(String endpoint, JsonNode body) {
        if (!body.isArray()) {
            throw new SwisscomProtocolException(endpoint, "expected a JSON array, got " + body.getNodeType());
        }
        return body;
    }

    static JsonNode requireObject(String endpoint, JsonNode body) {
        if (!body.isObject()) {
            throw new SwisscomProtocolException(endpoint, "expected a JSON object, got " + body.getNodeType());
        }
        return body;
    }
}
