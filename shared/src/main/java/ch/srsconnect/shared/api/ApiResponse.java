package ch.srsconnect.shared.api;

import ch.srsconnect.shared.json.Json;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds API Gateway HTTP API (payload 2.0) responses.
 * JSON responses default to {@code Cache-Control: no-store} (they usually carry personal or per-caller
 * data); use {@link #cacheFor} for shareable answers such as the methods list.
 *
 * <pre>{@code return ApiResponse.json(200, body).header("Location", url).build();}</pre>
 */
public final class ApiResponse {
    public static final String APPLICATION_JSON = "application/json";
    public static final String NO_STORE = "no-store";

    private final int status;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private String body;

    private ApiResponse(int status) {
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("HTTP status out of range: " + status);
        }
        this.status = status;
    }

    /** Body serialised with Jackson (JsonNode, Map, record, ...). */
    public static ApiResponse json(int status, Object body) {
        return rawJson(status, Json.write(body));
    }

    /** Body already serialised as JSON text. */
    public static ApiResponse rawJson(int status, String jsonText) {
        ApiResponse r = new ApiResponse(status);
        r.body = jsonText;
        r.headers.put("Content-Type", APPLICATION_JSON);
        r.headers.put("Cache-Control", NO_STORE);
        return r;
    }

    /** A response without body (e.g. 204). */
    public static ApiResponse empty(int status) {
        ApiResponse r = new ApiResponse(status);
        r.headers.put("Cache-Control", NO_STORE);
        return r;
    }

    public static ApiResponse noContent() {
        return empty(204);
    }

    public ApiResponse header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    public ApiResponse contentType(String value) {
        headers.put("Content-Type", value);
        return this;
    }

    public ApiResponse noStore() {
        headers.put("Cache-Control", NO_STORE);
        return this;
    }

    /** {@code Cache-Control: private, max-age=N} — per-caller caches only (never shared proxies). */
    public ApiResponse cacheFor(Duration maxAge) {
        headers.put("Cache-Control", "private, max-age=" + Math.max(0, maxAge.toSeconds()));
        return this;
    }

    public APIGatewayV2HTTPResponse build() {
        APIGatewayV2HTTPResponse r = new APIGatewayV2HTTPResponse();
        r.setStatusCode(status);
        r.setHeaders(new LinkedHashMap<>(headers));
        r.setBody(body);
        r.setIsBase64Encoded(false);
        return r;
    }
}
