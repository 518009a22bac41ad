package ch.srsconnect.local.gateway;

import ch.srsconnect.local.jwt.JwtValidator;
import ch.srsconnect.local.jwt.LocalJwtIssuer;
import ch.srsconnect.local.lambda.InvocationResult;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * An HTTP API (API Gateway v2) on a local port: routes to functions with payload format 2.0, JWT authorizers
 * enforced as API Gateway does (401 {@code {"message":"Unauthorized"}}), and response mapping. When given a
 * {@link LocalJwtIssuer}, it also serves that issuer's discovery document and JWKS under {@code /local} and mints
 * tokens at {@code POST /local/token} (local runtime only).
 */
public final class HttpApiGateway implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter REQUEST_TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    /** A JWT authorizer: where the token is read from and how it is checked. */
    public record Authorizer(String name, String identityHeader, JwtValidator validator) {}

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final List<Route> routes = new CopyOnWriteArrayList<>();
    private final Map<String, Authorizer> authorizers = new LinkedHashMap<>();
    private final String apiId;
    private final String accountId;
    private final Consumer<String> log;
    private volatile LocalJwtIssuer localIssuer;
    private volatile java.util.function.Supplier<String> localStats;
    private volatile java.time.Duration integrationTimeout = java.time.Duration.ofSeconds(30);

    public HttpApiGateway(int port, String apiId, String accountId, Consumer<String> log) {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on localhost:" + port + " (in use? choose another with --port)", e);
        }
        this.apiId = apiId;
        this.accountId = accountId;
        this.log = log;
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String baseUrl() {
        return "http://localhost:" + port();
    }

    public List<Route> routes() {
        return List.copyOf(routes);
    }

    public void addRoute(Route route) {
        if (route.authorizer() != null && !authorizers.containsKey(route.authorizer())) {
            throw new IllegalArgumentException("route " + route.routeKey() + " uses authorizer " + route.authorizer()
                    + ", which the API does not declare (declared: " + authorizers.keySet() + ")");
        }
        routes.add(route);
    }

    public synchronized void addAuthorizer(Authorizer authorizer) {
        authorizers.put(authorizer.name(), authorizer);
    }

    /** How long a request waits for its function before 503 (API Gateway: 30 s). */
    public void integrationTimeout(java.time.Duration timeout) {
        this.integrationTimeout = timeout;
    }

    /** Serves {@code GET /local/stats} (local runtime only): invocation statistics as JSON. */
    public void serveLocalStats(java.util.function.Supplier<String> stats) {
        this.localStats = stats;
    }

    public void serveLocalIssuer(LocalJwtIssuer issuer) {
        this.localIssuer = issuer;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    // ---------------------------------------------------------------- request handling

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            if (path.startsWith("/local/") && localIssuer != null && handleLocal(exchange, path)) return;
            String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
            Optional<Match> match = match(method, path);
            if (match.isEmpty()) {
                message(exchange, 404, "Not Found");
                return;
            }
            Route route = match.get().route();
            ObjectNode authorizerContext = null;
            if (route.authorizer() != null) {
                Authorizer a = authorizers.get(route.authorizer());
                String value = exchange.getRequestHeaders().getFirst(a.identityHeader());
                StringBuilder why = new StringBuilder();
                Optional<JwtValidator.Verified> verified = Optional.empty();
                if (value == null || value.isBlank()) {
                    why.append("no ").append(a.identityHeader()).append(" header");
                } else {
                    String token = value.regionMatches(true, 0, "Bearer ", 0, 7) ? value.substring(7).trim() : value.trim();
                    verified = a.validator().verify(token, why);
                }
                if (verified.isEmpty()) {
                    log.accept("gateway: 401 " + route.routeKey() + " (" + why + ")");
                    message(exchange, 401, "Unauthorized");
                    return;
                }
                if (!route.authorizationScopes().isEmpty()
                        && verified.get().scopes().stream().noneMatch(route.authorizationScopes()::contains)) {
                    log.accept("gateway: 403 " + route.routeKey() + " (scopes " + verified.get().scopes() + ")");
                    message(exchange, 403, "Forbidden");
                    return;
                }
                authorizerContext = authorizerContext(verified.get());
            }
            byte[] body = exchange.getRequestBody().readAllBytes();
            String requestId = requestId();
            ObjectNode event = event(exchange, route, match.get().pathParameters(), body, requestId, authorizerContext);
            InvocationResult result;
            try {
                result = route.invoker().invoke(JSON.writeValueAsBytes(event)).get(integrationTimeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                // API Gateway stops waiting after 30 s; the function keeps running
                log.accept("gateway: 503 " + route.routeKey() + " (integration timeout after " + integrationTimeout.toSeconds() + " s)");
                message(exchange, 503, "Service Unavailable");
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                message(exchange, 503, "Service Unavailable");
                return;
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException(e.getCause());
            }
            exchange.getResponseHeaders().set("apigw-requestid", requestId);
            if (result.error()) {
                log.accept("gateway: 500 " + route.routeKey() + " (" + route.functionName() + " " + result.errorType() + ": "
                        + result.payloadText() + ")");
                message(exchange, 500, "Internal Server Error");
                return;
            }
            respond(exchange, route, result.payload());
        } catch (RuntimeException e) {
            log.accept("gateway: 500 (" + e + ")");
            message(exchange, 500, "Internal Server Error");
        }
    }

    private boolean handleLocal(HttpExchange exchange, String path) throws IOException {
        LocalJwtIssuer issuer = localIssuer;
        String method = exchange.getRequestMethod();
        switch (path) {
            case "/local/.well-known/openid-configuration" -> json(exchange, 200, issuer.openIdConfiguration());
            case "/local/.well-known/jwks.json" -> json(exchange, 200, issuer.jwks());
            case "/local/stats" -> {
                java.util.function.Supplier<String> stats = localStats;
                if (stats == null) return false;
                json(exchange, 200, stats.get());
            }
            case "/local/token" -> {
                if (!method.equals("POST")) {
                    exchange.getResponseHeaders().set("Allow", "POST");
                    message(exchange, 405, "Method Not Allowed");
                    return true;
                }
                Map<String, String> query = splitQuery(exchange.getRequestURI().getRawQuery());
                Map<String, Object> claims = new LinkedHashMap<>();
                byte[] raw = exchange.getRequestBody().readAllBytes();
                String subject = query.get("sub");
                long ttl = query.containsKey("ttlSeconds") ? Long.parseLong(query.get("ttlSeconds")) : 3600;
                if (raw.length > 0) {
                    JsonNode body;
                    try {
                        body = JSON.readTree(raw);
                    } catch (IOException e) {
                        message(exchange, 400, "body must be JSON: {\"sub\":\"...\",\"ttlSeconds\":3600,...claims}");
                        return true;
                    }
                    var fields = body.fields();
                    while (fields.hasNext()) {
                        var f = fields.next();
                        switch (f.getKey()) {
                            case "sub" -> subject = f.getValue().asText();
                            case "ttlSeconds" -> ttl = f.getValue().asLong();
                            default -> claims.put(f.getKey(), JSON.treeToValue(f.getValue(), Object.class));
                        }
                    }
                }
                if (subject == null || subject.isBlank()) {
                    message(exchange, 400, "sub is required (body {\"sub\":\"user-1\"} or ?sub=user-1)");
                    return true;
                }
                String token = issuer.mint(subject, ttl, claims);
                ObjectNode out = JSON.createObjectNode();
                out.put("access_token", token);
                out.put("token_type", "Bearer");
                out.put("expires_in", ttl);
                json(exchange, 200, out.toString());
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    private record Match(Route route, Map<String, String> pathParameters, int literals, boolean greedy, boolean any) {}

    Optional<Match> match(String method, String rawPath) {
        List<Match> candidates = new ArrayList<>();
        String[] requestSegments = segments(rawPath);
        for (Route route : routes) {
            if (!route.method().equals("ANY") && !route.method().equals(method)) continue;
            String[] routeSegments = segments(route.path());
            Map<String, String> params = new LinkedHashMap<>();
            int literals = 0;
            boolean greedy = false;
            boolean ok = true;
            for (int i = 0; i < routeSegments.length && ok; i++) {
                String rs = routeSegments[i];
                if (rs.startsWith("{") && rs.endsWith("+}")) {
                    if (i >= requestSegments.length) {
                        ok = false;
                        break;
                    }
                    greedy = true;
                    List<String> rest = new ArrayList<>();
                    for (int j = i; j < requestSegments.length; j++) rest.add(decode(requestSegments[j]));
                    params.put(rs.substring(1, rs.length() - 2), String.join("/", rest));
                    break;
                }
                if (i >= requestSegments.length) {
                    ok = false;
                } else if (rs.startsWith("{") && rs.endsWith("}")) {
                    params.put(rs.substring(1, rs.length() - 1), decode(requestSegments[i]));
                } else if (rs.equals(requestSegments[i])) {
                    literals++;
                } else {
                    ok = false;
                }
            }
            if (!ok) continue;
            if (!greedy && routeSegments.length != requestSegments.length) continue;
            candidates.add(new Match(route, params, literals, greedy, route.method().equals("ANY")));
        }
        return candidates.stream().min(Comparator.comparing((Match m) -> m.greedy())
                .thenComparing(m -> -m.literals())
                .thenComparing(m -> m.any()));
    }

    private ObjectNode event(HttpExchange exchange, Route route, Map<String, String> pathParameters, byte[] body,
                             String requestId, ObjectNode authorizer) {
        Instant now = Instant.now();
        String rawQuery = Optional.ofNullable(exchange.getRequestURI().getRawQuery()).orElse("");
        ObjectNode e = JSON.createObjectNode();
        e.put("version", "2.0");
        e.put("routeKey", route.routeKey());
        e.put("rawPath", exchange.getRequestURI().getRawPath());
        e.put("rawQueryString", rawQuery);
        Headers requestHeaders = exchange.getRequestHeaders();
        ArrayNode cookies = null;
        ObjectNode headers = JSON.createObjectNode();
        for (Map.Entry<String, List<String>> h : requestHeaders.entrySet()) {
            String name = h.getKey().toLowerCase(Locale.ROOT);
            if (name.equals("cookie")) {
                cookies = JSON.createArrayNode();
                for (String v : h.getValue()) for (String c : v.split(";\\s*")) if (!c.isBlank()) cookies.add(c.trim());
                continue;
            }
            headers.put(name, String.join(",", h.getValue()));
        }
        headers.put("x-forwarded-for", exchange.getRemoteAddress().getAddress().getHostAddress());
        headers.put("x-forwarded-port", String.valueOf(port()));
        headers.put("x-forwarded-proto", "http");
        if (cookies != null) e.set("cookies", cookies);
        e.set("headers", headers);
        if (!rawQuery.isEmpty()) {
            ObjectNode query = JSON.createObjectNode();
            Map<String, List<String>> grouped = new LinkedHashMap<>();
            for (String pair : rawQuery.split("&")) {
                if (pair.isEmpty()) continue;
                int eq = pair.indexOf('=');
                String k = decode(eq < 0 ? pair : pair.substring(0, eq));
                String v = eq < 0 ? "" : decode(pair.substring(eq + 1));
                grouped.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
            }
            grouped.forEach((k, v) -> query.put(k, String.join(",", v)));
            e.set("queryStringParameters", query);
        }
        ObjectNode rc = JSON.createObjectNode();
        rc.put("accountId", accountId);
        rc.put("apiId", apiId);
        if (authorizer != null) rc.set("authorizer", authorizer);
        String host = Optional.ofNullable(requestHeaders.getFirst("Host")).orElse("localhost:" + port());
        rc.put("domainName", host.replaceFirst(":\\d+$", ""));
        rc.put("domainPrefix", host.replaceFirst(":\\d+$", "").split("\\.")[0]);
        ObjectNode http = rc.putObject("http");
        http.put("method", exchange.getRequestMethod().toUpperCase(Locale.ROOT));
        http.put("path", exchange.getRequestURI().getRawPath());
        http.put("protocol", exchange.getProtocol());
        http.put("sourceIp", exchange.getRemoteAddress().getAddress().getHostAddress());
        http.put("userAgent", Optional.ofNullable(requestHeaders.getFirst("User-Agent")).orElse(""));
        rc.put("requestId", requestId);
        rc.put("routeKey", route.routeKey());
        rc.put("stage", "$default");
        rc.put("time", REQUEST_TIME.format(now));
        rc.put("timeEpoch", now.toEpochMilli());
        e.set("requestContext", rc);
        if (!pathParameters.isEmpty()) {
            ObjectNode pp = e.putObject("pathParameters");
            pathParameters.forEach(pp::put);
        }
        if (body.length > 0) {
            String contentType = Optional.ofNullable(requestHeaders.getFirst("Content-Type")).orElse("").toLowerCase(Locale.ROOT);
            boolean text = contentType.startsWith("text/") || contentType.contains("json") || contentType.contains("xml")
                    || contentType.contains("x-www-form-urlencoded") || contentType.contains("javascript");
            e.put("body", text ? new String(body, StandardCharsets.UTF_8) : Base64.getEncoder().encodeToString(body));
            e.put("isBase64Encoded", !text);
        } else {
            e.put("isBase64Encoded", false);
        }
        return e;
    }

    private static ObjectNode authorizerContext(JwtValidator.Verified verified) {
        ObjectNode a = JSON.createObjectNode();
        ObjectNode jwt = a.putObject("jwt");
        ObjectNode claims = jwt.putObject("claims");
        verified.claims().fields().forEachRemaining(f -> {
            JsonNode v = f.getValue();
            if (v.isArray()) {
                List<String> items = new ArrayList<>();
                v.forEach(x -> items.add(x.isValueNode() ? x.asText() : x.toString()));
                claims.put(f.getKey(), "[" + String.join(" ", items) + "]");
            } else {
                claims.put(f.getKey(), v.isValueNode() ? v.asText() : v.toString());
            }
        });
        if (verified.scopes().isEmpty()) {
            jwt.putNull("scopes");
        } else {
            ArrayNode scopes = jwt.putArray("scopes");
            verified.scopes().forEach(scopes::add);
        }
        return a;
    }

    private void respond(HttpExchange exchange, Route route, byte[] payload) throws IOException {
        JsonNode out;
        try {
            out = JSON.readTree(payload);
        } catch (IOException e) {
            out = null;
        }
        Headers h = exchange.getResponseHeaders();
        if (out == null || !out.isObject() || !out.has("statusCode")) {
            // payload format 2.0 without statusCode: the whole payload is a 200 JSON body
            h.set("Content-Type", "application/json");
            send(exchange, 200, payload);
            return;
        }
        int status = out.path("statusCode").asInt(500);
        out.path("multiValueHeaders").fields().forEachRemaining(f -> {
            for (JsonNode v : f.getValue()) h.add(f.getKey(), v.asText());
        });
        out.path("headers").fields().forEachRemaining(f -> h.set(f.getKey(), f.getValue().asText()));
        for (JsonNode c : out.path("cookies")) h.add("Set-Cookie", c.asText());
        if (!h.containsKey("Content-Type")) h.set("Content-Type", "application/json");
        byte[] body = new byte[0];
        JsonNode b = out.get("body");
        if (b != null && !b.isNull()) {
            String text = b.isTextual() ? b.asText() : b.toString();
            body = out.path("isBase64Encoded").asBoolean(false) ? Base64.getDecoder().decode(text)
                    : text.getBytes(StandardCharsets.UTF_8);
        }
        send(exchange, status, body);
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        boolean noBody = status == 204 || status == 304 || exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, noBody || body.length == 0 ? -1 : body.length);
        if (!noBody && body.length > 0) {
            try (OutputStream o = exchange.getResponseBody()) {
                o.write(body);
            }
        }
    }

    private static void message(HttpExchange exchange, int status, String message) throws IOException {
        json(exchange, status, JSON.createObjectNode().put("message", message).toString());
    }

    private static void json(HttpExchange exchange, int status, String json) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        send(exchange, status, json.getBytes(StandardCharsets.UTF_8));
    }

    private static String[] segments(String path) {
        String p = path.startsWith("/") ? path.substring(1) : path;
        if (p.endsWith("/")) p = p.substring(0, p.length() - 1);
        return p.isEmpty() ? new String[0] : p.split("/", -1);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static Map<String, String> splitQuery(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null) return out;
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }

    private static String requestId() {
        byte[] b = new byte[10];
        ThreadLocalRandom.current().nextBytes(b);
        return Base64.getEncoder().encodeToString(b).substring(0, 14) + "=";
    }
}
