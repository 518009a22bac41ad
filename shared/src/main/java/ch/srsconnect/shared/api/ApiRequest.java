package ch.srsconnect.shared.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Read-only view of an API Gateway HTTP API (payload 2.0) request.
 *
 * <p>Query parameters come from {@code rawQueryString} (URL-decoded, repeats kept in order), because
 * API Gateway joins repeated parameters with commas in {@code queryStringParameters}. Header lookup is
 * case-insensitive. Bodies flagged base64 are decoded.
 */
public final class ApiRequest {
    private final APIGatewayV2HTTPEvent event;
    private final Map<String, List<String>> query;
    private final Map<String, String> headers;

    private ApiRequest(APIGatewayV2HTTPEvent event) {
        this.event = event;
        this.query = parseQuery(event.getRawQueryString(), event.getQueryStringParameters());
        Map<String, String> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (event.getHeaders() != null) {
            event.getHeaders().forEach((k, v) -> {
                if (k != null && v != null) {
                    h.merge(k, v, (a, b) -> a + "," + b);
                }
            });
        }
        this.headers = Collections.unmodifiableMap(h);
    }

    public static ApiRequest of(APIGatewayV2HTTPEvent event) {
        return new ApiRequest(event == null ? new APIGatewayV2HTTPEvent() : event);
    }

    public APIGatewayV2HTTPEvent event() {
        return event;
    }

    /** HTTP method in upper case, e.g. {@code GET}; empty string if unknown. */
    public String method() {
        var ctx = event.getRequestContext();
        if (ctx != null && ctx.getHttp() != null && ctx.getHttp().getMethod() != null) {
            return ctx.getHttp().getMethod().toUpperCase(java.util.Locale.ROOT);
        }
        String rk = routeKey();
        int sp = rk.indexOf(' ');
        return sp > 0 ? rk.substring(0, sp).toUpperCase(java.util.Locale.ROOT) : "";
    }

    /** Route key, e.g. {@code GET /identifications/{id}}; empty string if absent. */
    public String routeKey() {
        if (event.getRouteKey() != null) {
            return event.getRouteKey();
        }
        var ctx = event.getRequestContext();
        return ctx != null && ctx.getRouteKey() != null ? ctx.getRouteKey() : "";
    }

    public String rawPath() {
        return event.getRawPath() == null ? "" : event.getRawPath();
    }

    /** API Gateway's request id ({@code requestContext.requestId}), not Lambda's. */
    public Optional<String> apiRequestId() {
        var ctx = event.getRequestContext();
        return Optional.ofNullable(ctx == null ? null : ctx.getRequestId());
    }

    // ---- headers

    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name));
    }

    /** All headers, case-insensitive keys. */
    public Map<String, String> headers() {
        return headers;
    }

    // ---- query

    /** All query parameters, names as sent, values decoded, in order of appearance. */
    public Map<String, List<String>> queryParams() {
        return query;
    }

    /** All values of a query parameter (empty list if absent). Names are case-sensitive. */
    public List<String> queryAll(String name) {
        return query.getOrDefault(name, List.of());
    }

    /** The first value of a query parameter. */
    public Optional<String> query(String name) {
        List<String> v = query.get(name);
        return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v.get(0));
    }

    // ---- path, claims, body

    public Optional<String> pathParam(String name) {
        Map<String, String> p = event.getPathParameters();
        return Optional.ofNullable(p == null ? null : p.get(name));
    }

    /** JWT claims from {@code requestContext.authorizer.jwt.claims} (empty map if none). */
    public Map<String, String> claims() {
        var ctx = event.getRequestContext();
        if (ctx == null || ctx.getAuthorizer() == null || ctx.getAuthorizer().getJwt() == null
                || ctx.getAuthorizer().getJwt().getClaims() == null) {
            return Map.of();
        }
        return Collections.unmodifiableMap(ctx.getAuthorizer().getJwt().getClaims());
    }

    public Optional<String> claim(String name) {
        return Optional.ofNullable(claims().get(name));
    }

    /** The body as text (base64 decoded when flagged); empty string if none. */
    public String body() {
        return new String(bodyBytes(), StandardCharsets.UTF_8);
    }

    public byte[] bodyBytes() {
        String b = event.getBody();
        if (b == null) {
            return new byte[0];
        }
        if (event.getIsBase64Encoded()) {
            try {
                return Base64.getDecoder().decode(b.strip());
            } catch (IllegalArgumentException e) {
                throw new MalformedRequestException("body is flagged base64 but is not valid base64");
            }
        }
        return b.getBytes(StandardCharsets.UTF_8);
    }

    /** Whether a body was sent; read a JSON body with {@link JsonBody#object}, the rules every write route shares. */
    public boolean hasBody() {
        return event.getBody() != null && !event.getBody().isEmpty();
    }

    // ---- parsing

    static Map<String, List<String>> parseQuery(String raw, Map<String, String> fallback) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (raw != null && !raw.isEmpty()) {
            for (String pair : raw.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String name = decode(eq < 0 ? pair : pair.substring(0, eq));
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                if (name.isEmpty()) {
                    continue;
                }
                out.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
            }
        } else if (fallback != null) {
            // Hand-written events without rawQueryString: values cannot be split safely, keep them whole.
            fallback.forEach((k, v) -> out.computeIfAbsent(k, x -> new ArrayList<>()).add(v == null ? "" : v));
        }
        out.replaceAll((k, v) -> List.copyOf(v));
        return Collections.unmodifiableMap(out);
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            // Malformed percent escape: keep the text as sent; validation decides whether it is acceptable.
            return s;
        }
    }
}
