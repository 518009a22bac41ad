package ch.srsconnect.simulator;

import ch.srsconnect.simulator.Http.Failure;
import ch.srsconnect.simulator.Http.Req;
import ch.srsconnect.simulator.Http.Resp;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * Offline stand-in for Swisscom's IdP, SRS, RA and Smart Flows APIs on one HTTP port, as described
 * by {@code srs-api.md}. Never deployed. Admin API under {@code /_admin/} (no token needed).
 *
 * <pre>{@code
 * try (SrsSimulator sim = SrsSimulator.start(SimulatorOptions.defaults().timeScale(60))) {
 *     URI base = sim.baseUrl();
 * }
 * }</pre>
 */
public final class SrsSimulator implements AutoCloseable {

    static final String PREPROD_CLIENT_ID = "missswaggerclient";
    static final String PREPROD_CLIENT_SECRET = "missswaggerclientsecret";
    static final String V14_CLIENT_ID = "misswaggerclient";
    static final String V14_CLIENT_SECRET = "misswaggerclientsecret";

    private record Route(String method, String template, String[] segments, String scope, boolean admin,
                         Function<Req, Resp> handler) {
        String key() {
            return method + " " + template;
        }
    }

    /** Route scope of the RA calls: authenticated as {@link SimulatorOptions#raAuth()} says. */
    static final String RA_SCOPE = "ra";

    private final SimulatorOptions options;
    private final HttpServer server;
    /** The RA over HTTPS with a required client certificate ({@code raAuth=mtls}); null otherwise. */
    private final HttpsServer raServer;
    private final DevPki pki;
    private final URI raBaseUrl;
    private final ExecutorService executor;
    private final Catalogue catalogue = Catalogue.load();
    private final Tokens tokens = new Tokens();
    private final Faults faults;
    private final Map<String, AtomicLong> calls = new ConcurrentHashMap<>();
    private final List<Route> routes = new ArrayList<>();
    private final Map<String, String> credentials = new LinkedHashMap<>();
    final Lifecycle lifecycle;
    private final SmartFlows smartFlows;
    private final URI baseUrl;

    private SrsSimulator(SimulatorOptions options) throws IOException {
        this.options = options;
        this.faults = new Faults(options.seed());
        credentials.put(PREPROD_CLIENT_ID, PREPROD_CLIENT_SECRET);
        credentials.put(V14_CLIENT_ID, V14_CLIENT_SECRET);
        credentials.putAll(options.credentials());
        this.server = HttpServer.create(new InetSocketAddress(options.bindAddress(), options.port()), 64);
        this.executor = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
        String host = options.bindAddress().contains(":") ? "[" + options.bindAddress() + "]" : options.bindAddress();
        if (host.equals("0.0.0.0")) {
            host = "127.0.0.1";
        }
        this.baseUrl = URI.create("http://" + host + ":" + server.getAddress().getPort());
        if (options.raAuth().equals("mtls")) {
            this.pki = DevPki.ensure(options.pkiDir());
            this.raServer = HttpsServer.create(new InetSocketAddress(options.bindAddress(), 0), 64);
            SSLContext tls = pki.serverContext();
            raServer.setHttpsConfigurator(new HttpsConfigurator(tls) {
                @Override
                public void configure(HttpsParameters params) {
                    SSLParameters p = tls.getDefaultSSLParameters();
                    p.setNeedClientAuth(true);   // no certificate of the dev CA: the handshake fails
                    params.setSSLParameters(p);
                }
            });
            raServer.setExecutor(executor);
            raServer.createContext("/api/evidences/", this::handle);
            raServer.start();
            this.raBaseUrl = URI.create("https://" + host + ":" + raServer.getAddress().getPort());
        } else {
            this.pki = null;
            this.raServer = null;
            this.raBaseUrl = baseUrl;
        }
        this.lifecycle = new Lifecycle(options, catalogue, baseUrl);
        this.smartFlows = new SmartFlows(lifecycle, baseUrl, Duration.ofSeconds(options.otpValiditySeconds()));
        registerRoutes();
    }

    /** Starts a simulator; close it when done. */
    public static SrsSimulator start(SimulatorOptions options) {
        try {
            return new SrsSimulator(options);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the SRS simulator on " + options.bindAddress() + ":"
                    + options.port(), e);
        }
    }

    /** {@code http://127.0.0.1:<port>}: base of IdP ({@code /oauth/token}), SRS, RA and Smart Flows paths. */
    public URI baseUrl() {
        return baseUrl;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /**
     * Base of the RA calls: {@link #baseUrl()}, or with {@code raAuth=mtls} {@code https://127.0.0.1:<port>} of the
     * HTTPS listener that requires a client certificate of {@link #devPki()}.
     */
    public URI raBaseUrl() {
        return raBaseUrl;
    }

    /** The dev PKI whose client certificate the mTLS RA accepts ({@code raAuth=mtls}). */
    public Optional<DevPki> devPki() {
        return Optional.ofNullable(pki);
    }

    public SimulatorOptions options() {
        return options;
    }

    /** Snapshot of calls per endpoint key and tokens issued. Admin calls are not counted. */
    public Stats stats() {
        Map<String, Long> snapshot = new TreeMap<>();
        calls.forEach((k, v) -> snapshot.put(k, v.get()));
        return new Stats(snapshot, tokens.issued());
    }

    public void resetStats() {
        calls.clear();
        tokens.resetIssued();
    }

    public Faults faults() {
        return faults;
    }

    /** Revokes every issued token: the next API call with one of them gets 401. Returns how many. */
    public int revokeTokens() {
        return tokens.revokeAll();
    }

    /** Scripts the outcome of later orders matching the rule (by msisdn or externalId prefix). */
    public void addRule(OutcomeRule rule) {
        lifecycle.rules.add(java.util.Objects.requireNonNull(rule));
    }

    public void clearRules() {
        lifecycle.rules.clear();
    }

    /**
     * The person's choice at the IPSP for an order waiting at {@code initialized} (or {@code aborted}),
     * effective now; what the HTML form of the target URL does. Returns the status it ends in.
     *
     * @throws IllegalStateException if the order is unknown or cannot take an outcome now
     */
    public String complete(String refId, Outcome outcome, String reason) {
        try {
            return lifecycle.complete(refId, outcome, reason, null);
        } catch (Failure f) {
            throw new IllegalStateException(new String(f.resp.body, StandardCharsets.UTF_8));
        }
    }

    /** Accepts the T&C of every evidence of this msisdn; returns how many (0: no evidence). */
    public int acceptTerms(String msisdn) {
        return lifecycle.acceptTerms(msisdn);
    }

    /** Endpoint keys served, e.g. {@code "GET /api/providers"}; admin endpoints included. */
    public List<String> endpoints() {
        return routes.stream().map(Route::key).toList();
    }

    @Override
    public void close() {
        server.stop(0);
        if (raServer != null) {
            raServer.stop(0);
        }
        executor.shutdownNow();
    }

    // ---------------------------------------------------------------- routing

    private void route(String method, String template, String scope, Function<Req, Resp> handler) {
        routes.add(new Route(method, template, template.substring(1).split("/"), scope,
                template.startsWith("/_admin/"), handler));
    }

    private void registerRoutes() {
        route("POST", "/oauth/token", null, this::token);
        route("GET", "/api/providers", "miss", this::providers);
        lifecycle.registerRoutes(this::route);
        smartFlows.registerRoutes(this::route);

        route("GET", "/_admin/stats", null, r -> Resp.json(200, statsJson()));
        route("POST", "/_admin/stats/reset", null, r -> {
            resetStats();
            return Resp.json(200, statsJson());
        });
        route("POST", "/_admin/faults", null, this::injectFaults);
        route("GET", "/_admin/faults", null, r -> Resp.json(200, faults.active()));
        route("DELETE", "/_admin/faults", null, r -> {
            faults.clear();
            return Resp.empty(204);
        });
        route("POST", "/_admin/tokens/revoke", null, r -> {
            ObjectNode n = Http.JSON.createObjectNode();
            n.put("revoked", revokeTokens());
            return Resp.json(200, n);
        });
    }

    private void handle(HttpExchange ex) {
        Resp resp;
        try {
            byte[] body;
            try (InputStream in = ex.getRequestBody()) {
                body = in.readAllBytes();
            }
            resp = dispatch(ex, body);
        } catch (Failure f) {
            resp = f.resp;
        } catch (RuntimeException | IOException e) {
            resp = Resp.error(500, "simulator_error", String.valueOf(e));
        }
        try {
            resp.headers.forEach((k, v) -> ex.getResponseHeaders().set(k, v));
            boolean noBody = resp.status == 204 || resp.status == 304 || ex.getRequestMethod().equals("HEAD");
            ex.sendResponseHeaders(resp.status, noBody ? -1 : resp.body.length);
            if (!noBody) {
                ex.getResponseBody().write(resp.body);
            }
        } catch (IOException e) {
            // client went away
        } finally {
            ex.close();
        }
    }

    private Resp dispatch(HttpExchange ex, byte[] body) {
        String path = ex.getRequestURI().getRawPath();
        String method = ex.getRequestMethod().toUpperCase(Locale.ROOT);
        String[] segs = (path.length() > 1 && path.endsWith("/") ? path.substring(1, path.length() - 1)
                : path.substring(1)).split("/", -1);
        Route pathMatch = null;
        Map<String, String> vars = null;
        for (Route r : routes) {
            Map<String, String> v = match(r.segments(), segs);
            if (v == null) {
                continue;
            }
            if (pathMatch == null) {
                pathMatch = r;
            }
            if (r.method().equals(method)) {
                return call(r, new Req(ex, body, v));
            }
        }
        if (pathMatch != null) {
            return Resp.error(405, "method_not_allowed", method + " not allowed on " + path);
        }
        return Resp.error(404, "not_found", "no endpoint " + method + " " + path);
    }

    private static Map<String, String> match(String[] template, String[] segs) {
        if (template.length != segs.length) {
            return null;
        }
        Map<String, String> vars = new LinkedHashMap<>();
        for (int i = 0; i < template.length; i++) {
            String t = template[i];
            if (t.startsWith("{") && t.endsWith("}")) {
                if (segs[i].isEmpty()) {
                    return null;
                }
                vars.put(t.substring(1, t.length() - 1),
                        java.net.URLDecoder.decode(segs[i].replace("+", "%2B"), StandardCharsets.UTF_8));
            } else if (!t.equals(segs[i])) {
                return null;
            }
        }
        return vars;
    }

    private Resp call(Route r, Req req) {
        if (!r.admin()) {
            calls.computeIfAbsent(r.key(), k -> new AtomicLong()).incrementAndGet();
            FaultSpec fault = faults.next(r.key());
            if (fault != null) {
                if (fault.latencyMs() > 0) {
                    try {
                        Thread.sleep(fault.latencyMs());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                Resp injected = null;
                if (fault.malformed()) {
                    injected = new Resp(200, "application/json",
                            "{\"refId\":\"4b1c\",\"statuses\":[{\"status\":".getBytes(StandardCharsets.UTF_8));
                } else if (fault.status() != 0) {
                    injected = Resp.error(fault.status(), "injected_fault", "fault injected by the simulator");
                }
                if (injected != null) {
                    if (fault.retryAfter() != null) {
                        injected.header("Retry-After", String.valueOf(fault.retryAfter()));
                    }
                    return injected;
                }
            }
            if (RA_SCOPE.equals(r.scope())) {
                requireRaAuth(req);
            } else if (r.scope() != null) {
                requireToken(req, r.scope());
            }
            if (options.variant("accept-json") && "miss".equals(r.scope()) && !"POST".equals(r.method())
                    && !String.valueOf(req.header("Accept")).contains("application/json")) {
                return Resp.error(406, "not_acceptable", "this endpoint produces application/json; say so in Accept");
            }
        }
        return r.handler().apply(req);
    }

    /** As the RA is configured: a verified client certificate (mtls), an SRS token (bearer), or nothing (none). */
    private void requireRaAuth(Req req) {
        switch (options.raAuth()) {
            case "mtls" -> {
                if (!(req.ex instanceof HttpsExchange https) || !hasPeerCertificate(https)) {
                    throw new Failure(Resp.error(403, "client_certificate_required",
                            "the RA requires TLS with a client certificate (raAuth=mtls): use " + raBaseUrl));
                }
            }
            case "bearer" -> requireToken(req, "miss");
            default -> {
                // none
            }
        }
    }

    private static boolean hasPeerCertificate(HttpsExchange https) {
        try {
            return https.getSSLSession().getPeerCertificates().length > 0;
        } catch (SSLPeerUnverifiedException e) {
            return false;
        }
    }

    private void requireToken(Req req, String scope) {
        String auth = req.header("Authorization");
        String value = null;
        if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            value = auth.substring(7).trim();
        }
        Tokens.Token t = tokens.valid(value);
        String problem = auth == null ? "missing bearer token"
                : value == null ? "Authorization is not a Bearer token"
                : t == null ? "token unknown, expired or revoked"
                : !t.scope().equals(scope) ? "token scope '" + t.scope() + "' but this endpoint needs '" + scope + "'"
                : null;
        if (problem != null) {
            throw new Failure(Resp.error(401, "invalid_token", problem)
                    .header("WWW-Authenticate", "Bearer error=\"invalid_token\""));
        }
    }

    // ---------------------------------------------------------------- IdP

    private Resp token(Req req) {
        Map<String, List<String>> form = Http.parseForm(req.rawQuery, false);
        String ct = req.header("Content-Type");
        if (req.body.length > 0) {
            if (ct == null || !ct.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
                return Resp.error(400, "invalid_request", "Content-Type must be application/x-www-form-urlencoded");
            }
            Http.parseForm(req.bodyText(), false).forEach((k, v) -> form.computeIfAbsent(k, x -> new ArrayList<>()).addAll(v));
        }
        String clientId = first(form, "client_id");
        String clientSecret = first(form, "client_secret");
        String auth = req.header("Authorization");
        if (auth != null && auth.regionMatches(true, 0, "Basic ", 0, 6)) {
            if (options.variant("idp-form")) {
                return Resp.error(401, "invalid_client", "client authentication failed: send client_id and client_secret as form fields");
            }
            try {
                String decoded = new String(Base64.getDecoder().decode(auth.substring(6).trim()), StandardCharsets.UTF_8);
                int colon = decoded.indexOf(':');
                if (colon > 0) {
                    clientId = decoded.substring(0, colon);
                    clientSecret = decoded.substring(colon + 1);
                }
            } catch (IllegalArgumentException e) {
                return Resp.error(401, "invalid_client", "malformed Basic credentials");
            }
        }
        if (clientId == null || clientSecret == null || !clientSecret.equals(credentials.get(clientId))) {
            return Resp.error(401, "invalid_client", "client authentication failed")
                    .header("WWW-Authenticate", "Basic realm=\"srs-simulator\"");
        }
        String grant = first(form, "grant_type");
        if (!"client_credentials".equals(grant)) {
            return Resp.error(400, "unsupported_grant_type", "grant_type must be client_credentials");
        }
        String scope = first(form, "scope");
        if (!"miss".equals(scope) && !"smartflow".equals(scope)) {
            return Resp.error(400, "invalid_scope", "scope must be miss or smartflow");
        }
        Tokens.Token t = tokens.issue(scope, options.tokenTtlSeconds());
        ObjectNode n = Http.JSON.createObjectNode();
        n.put("access_token", t.value());
        n.put("token_type", "bearer");
        n.put("expires_in", options.tokenTtlSeconds());
        n.put("scope", scope);
        return Resp.json(200, n).header("Cache-Control", "no-store");
    }

    private static String first(Map<String, List<String>> form, String name) {
        List<String> v = form.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    // ---------------------------------------------------------------- providers

    private static final Set<String> SINGLE_PARAMS = Set.of("loa", "method", "offline", "webflow", "realtime");

    private Resp providers(Req req) {
        Map<String, List<String>> q = req.query();
        for (var e : q.entrySet()) {
            if (SINGLE_PARAMS.contains(e.getKey()) && e.getValue().size() > 1) {
                return Resp.error(400, "invalid_request", e.getKey() + " may be given once");
            }
            for (String v : e.getValue()) {
                if (v.isBlank()) {
                    return Resp.error(400, "invalid_request", e.getKey() + " is empty");
                }
            }
        }
        List<String> issuers = q.getOrDefault("issuer", List.of());
        List<String> jurisdictions = q.getOrDefault("jurisdiction", List.of()).stream()
                .map(Catalogue::normaliseJurisdiction).toList();
        Integer loa = null;
        if (q.containsKey("loa")) {
            String l = q.get("loa").get(0).trim();
            if (!l.equals("3") && !l.equals("4")) {
                return Resp.error(400, "invalid_request", "loa must be 3 or 4: " + l);
            }
            loa = Integer.parseInt(l);
        }
        String methodType = null;
        if (q.containsKey("method")) {
            String m = q.get("method").get(0).trim();
            methodType = Catalogue.METHOD_TYPES.stream().filter(t -> t.equalsIgnoreCase(m)).findFirst()
                    .orElseThrow(() -> Http.fail(400, "invalid_request",
                            "method must be one of " + Catalogue.METHOD_TYPES + ": " + m));
        }
        Boolean offline = bool(q, "offline");
        Boolean webFlow = bool(q, "webflow");
        Boolean realTime = bool(q, "realtime");

        ArrayNode out = Http.JSON.createArrayNode();
        for (Catalogue.Method m : catalogue.offered(options.legacyMethods(), options.newMethods())) {
            if (!issuers.isEmpty() && issuers.stream().noneMatch(i -> i.trim().equalsIgnoreCase(m.issuer()))) {
                continue;
            }
            if (!jurisdictions.isEmpty() && jurisdictions.stream().noneMatch(j -> m.loaByJurisdiction().containsKey(j))) {
                continue;
            }
            if (loa != null) {
                int wanted = loa;
                var scope = jurisdictions.isEmpty() ? m.loaByJurisdiction().keySet() : jurisdictions;
                if (scope.stream().noneMatch(j -> m.loaByJurisdiction().getOrDefault(j, 0) >= wanted)) {
                    continue;
                }
            }
            if (methodType != null && !methodType.equalsIgnoreCase(m.methodType())) {
                continue;
            }
            if (offline != null && offline != m.offline()
                    || webFlow != null && webFlow != m.webFlow()
                    || realTime != null && realTime != m.realTime()) {
                continue;
            }
            ObjectNode entry = m.toJson();
            if (options.variant("providers-field")) {
                entry.set("provider", entry.remove("issuer"));
            }
            out.add(entry);
        }
        return Resp.json(200, out);
    }

    private static Boolean bool(Map<String, List<String>> q, String name) {
        List<String> v = q.get(name);
        if (v == null) {
            return null;
        }
        String s = v.get(0).trim().toLowerCase(Locale.ROOT);
        if (s.equals("true")) {
            return true;
        }
        if (s.equals("false")) {
            return false;
        }
        throw Http.fail(400, "invalid_request", name + " must be true or false: " + v.get(0));
    }

    // ---------------------------------------------------------------- admin

    private ObjectNode statsJson() {
        Stats s = stats();
        ObjectNode n = Http.JSON.createObjectNode();
        ObjectNode c = n.putObject("calls");
        s.calls().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> c.put(e.getKey(), e.getValue()));
        n.put("tokensIssued", s.tokensIssued());
        return n;
    }

    private Resp injectFaults(Req req) {
        JsonNode body;
        try {
            body = Http.JSON.readTree(req.body);
        } catch (IOException e) {
            return Resp.error(400, "invalid_request", "body is not JSON");
        }
        List<FaultSpec> specs = new ArrayList<>();
        try {
            if (body != null && body.isArray()) {
                for (JsonNode n : body) {
                    specs.add(faultFrom(n));
                }
            } else if (body != null && body.isObject()) {
                specs.add(faultFrom(body));
            } else {
                return Resp.error(400, "invalid_request", "expected a fault object or an array of them");
            }
        } catch (IllegalArgumentException | NullPointerException e) {
            return Resp.error(400, "invalid_request", "invalid fault: " + e.getMessage());
        }
        faults.inject(specs.toArray(FaultSpec[]::new));
        return Resp.json(201, faults.active());
    }

    private static FaultSpec faultFrom(JsonNode n) {
        JsonNode endpoint = n.get("endpoint");
        if (endpoint == null || !endpoint.isTextual()) {
            throw new IllegalArgumentException("endpoint missing");
        }
        return new FaultSpec(endpoint.asText().trim().replaceAll("\\s+", " "),
                n.path("status").asInt(0), n.path("latencyMs").asLong(0), n.path("malformed").asBoolean(false),
                n.hasNonNull("count") ? n.get("count").asInt() : null,
                n.hasNonNull("ratio") ? n.get("ratio").asDouble() : null,
                n.hasNonNull("retryAfter") ? n.get("retryAfter").asInt() : null);
    }

    @FunctionalInterface
    interface RouteSink {
        void route(String method, String template, String scope, Function<Req, Resp> handler);
    }
}
