package ch.srsconnect.shared.http;

import ch.srsconnect.shared.token.AccessTokens;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One request to Swisscom. {@code endpoint} is a low-cardinality label used in logs, metrics and
 * exception messages (e.g. {@code GET /api/identifications/{refId}}); the URI itself is never logged
 * because query strings can carry msisdns.
 *
 * <p>GET, PUT and DELETE are idempotent by default, POST is not: only idempotent calls are retried on
 * 5xx/429/timeouts. Failures before the request was sent (connection refused, connect timeout) and
 * a 401 cured by a fresh token are retried for every call.
 */
public final class HttpCall {
    final String method;
    final URI uri;
    final String endpoint;
    final Map<String, String> headers = new LinkedHashMap<>();
    byte[] body;
    boolean idempotent;
    AccessTokens tokens;

    private HttpCall(String method, URI uri, String endpoint) {
        this.method = method;
        this.uri = Objects.requireNonNull(uri);
        this.endpoint = Objects.requireNonNull(endpoint);
        this.idempotent = !method.equals("POST") && !method.equals("PATCH");
        // Accept: SwisscomHttp adds the contract's type for this endpoint unless the call names one
    }

    public static HttpCall get(URI uri, String endpoint) {
        return new HttpCall("GET", uri, endpoint);
    }

    public static HttpCall delete(URI uri, String endpoint) {
        return new HttpCall("DELETE", uri, endpoint);
    }

    /** POST with a JSON body (already serialised). */
    public static HttpCall postJson(URI uri, String endpoint, String json) {
        return new HttpCall("POST", uri, endpoint).contentType("application/json").body(json);
    }

    /** POST with an {@code application/x-www-form-urlencoded} body (already encoded). */
    public static HttpCall postForm(URI uri, String endpoint, String form) {
        return new HttpCall("POST", uri, endpoint).contentType("application/x-www-form-urlencoded").body(form);
    }

    public HttpCall header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    public HttpCall accept(String mediaType) {
        return header("Accept", mediaType);
    }

    public HttpCall contentType(String mediaType) {
        return header("Content-Type", mediaType);
    }

    public HttpCall body(String text) {
        this.body = text.getBytes(StandardCharsets.UTF_8);
        return this;
    }

    /** Overrides the method's default (e.g. a POST lookup that changes nothing may be marked idempotent). */
    public HttpCall idempotent(boolean value) {
        this.idempotent = value;
        return this;
    }

    /** Sends {@code Authorization: Bearer} from these tokens; a 401 invalidates the token and retries once. */
    public HttpCall bearer(AccessTokens accessTokens) {
        this.tokens = Objects.requireNonNull(accessTokens);
        return this;
    }

    public String method() {
        return method;
    }

    public String endpoint() {
        return endpoint;
    }

    public boolean isIdempotent() {
        return idempotent;
    }

    @Override
    public String toString() {
        return "HttpCall[" + endpoint + "]";
    }
}
