package ch.srsconnect.shared.srs;

import ch.srsconnect.shared.contract.SwisscomContract;
import ch.srsconnect.shared.http.HttpCall;
import ch.srsconnect.shared.http.HttpResult;
import ch.srsconnect.shared.http.SwisscomHttp;
import ch.srsconnect.shared.http.SwisscomProtocolException;
import ch.srsconnect.shared.http.Urls;
import ch.srsconnect.shared.token.AccessTokens;
import com.fasterxml.jackson.databind.JsonNode;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Swisscom SRS API (scope {@code miss}), wire contract in {@code srs-api.md}. Each operation is one short
 * method: build an {@link HttpCall} with an endpoint label, send it, check the answer's shape.
 * Errors: {@code SwisscomUnavailableException} (→ 503), {@code SwisscomRejectedException} (other 4xx),
 * {@code SwisscomProtocolException} (→ 502).
 */
public final class SrsClient {
    public static final String LIST_PROVIDERS = "GET /api/providers";
    public static final String PLACE_ORDER = "POST /api/providers/{issuer}/{method}";
    public static final String GET_IDENTIFICATION = "GET /api/identifications/{refId}";
    public static final String CANCEL_IDENTIFICATION = "DELETE /api/identifications/{refId}";
    /** Test environment only: SRS pulls a mock order's current state from the mock issuer (guide §4). */
    public static final String TEST_CALLBACK = "GET /api/identifications/{refId}/callback";
    /** Media type of the order call (contract §3). */
    public static final String PROVIDER_V1 = SwisscomContract.PROVIDER_V1;

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

    /**
     * {@code POST /api/providers/{issuer}/{method}}: places an identification order. Not idempotent, so never
     * retried after the request may have reached SRS (only on connection failures and a stale token).
     *
     * @return SRS's answer, an object with at least {@code refId} and {@code targetUrl}
     */
    public JsonNode placeOrder(String issuer, String method, JsonNode order) {
        String path = "/api/providers/" + Urls.segment(issuer) + "/" + Urls.segment(method);
        JsonNode body = http.send(HttpCall.postJson(Urls.resolve(baseUrl, path), PLACE_ORDER, order.toString())
                .contentType(PROVIDER_V1).bearer(tokens)).requireSuccess().json();   // Accept: the contract's (vendor type)
        requireObject(PLACE_ORDER, body);
        for (String field : new String[] {"refId", "targetUrl"}) {
            if (!body.path(field).isTextual() || body.path(field).asText().isBlank()) {
                throw new SwisscomProtocolException(PLACE_ORDER, "answer has no " + field);
            }
        }
        return body;
    }

    /** {@code GET /api/identifications/{refId}}: the order with its status history; empty if SRS does not know it. */
    public Optional<JsonNode> identification(String refId) {
        HttpResult r = http.send(HttpCall.get(Urls.resolve(baseUrl, "/api/identifications/" + Urls.segment(refId)),
                GET_IDENTIFICATION).bearer(tokens));
        if (r.status() == 404) {
            return Optional.empty();
        }
        return Optional.of(requireObject(GET_IDENTIFICATION, r.requireSuccess().json()));
    }

    /**
     * {@code GET /api/identifications/{refId}/callback}: makes SRS's test environment pull a mock order's state from
     * the mock issuer, so that the next {@link #identification} shows what the tester chose. The answer's body is not
     * relied on (assumed: the guide does not show it).
     *
     * @return false if SRS does not know the refId
     */
    public boolean testCallback(String refId) {
        HttpResult r = http.send(HttpCall.get(Urls.resolve(baseUrl, "/api/identifications/" + Urls.segment(refId) + "/callback"),
                TEST_CALLBACK).bearer(tokens));
        if (r.status() == 404) {
            return false;
        }
        r.requireSuccess();
        return true;
    }

    /** {@code DELETE /api/identifications/{refId}}: cancels a pending order; false if SRS does not know it. */
    public boolean cancelIdentification(String refId) {
        HttpResult r = http.send(HttpCall.delete(Urls.resolve(baseUrl, "/api/identifications/" + Urls.segment(refId)),
                CANCEL_IDENTIFICATION).bearer(tokens));
        if (r.status() == 404) {
            return false;
        }
        r.requireSuccess();
        return true;
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
