package ch.srsconnect.local.gateway;

import ch.srsconnect.local.jwt.JwtValidator;
import ch.srsconnect.local.jwt.LocalJwtIssuer;
import ch.srsconnect.local.lambda.InvocationResult;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Routing, the 2.0 event, response mapping and the JWT authorizer, with an in-process function that echoes its event. */
class HttpApiGatewayTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    private HttpApiGateway gateway;
    private LocalJwtIssuer issuer;
    private final AtomicReference<JsonNode> lastEvent = new AtomicReference<>();

    /** Answers with the event it got, as a format-2.0 response. */
    private Invoker echo(String name) {
        return event -> {
            try {
                JsonNode e = JSON.readTree(event);
                lastEvent.set(e);
                var response = JSON.createObjectNode();
                response.put("statusCode", 200);
                response.putObject("headers").put("content-type", "application/json").put("x-function", name);
                response.putArray("cookies").add("session=abc; HttpOnly");
                response.put("body", e.toString());
                return CompletableFuture.completedFuture(new InvocationResult("id", false, null, JSON.writeValueAsBytes(response)));
            } catch (Exception ex) {
                return CompletableFuture.failedFuture(ex);
            }
        };
    }

    @BeforeEach
    void start() {
        gateway = new HttpApiGateway(0, "localapi", "000000000000", System.out::println);
        issuer = LocalJwtIssuer.create(gateway.baseUrl() + "/local", "srs-connect-local", dir.resolve("keys"));
        gateway.serveLocalIssuer(issuer);
        gateway.addAuthorizer(new HttpApiGateway.Authorizer("JwtAuthorizer", "Authorization",
                new JwtValidator(issuer.issuer(), List.of("srs-connect-local", "other-app"),
                        iss -> Optional.of(issuer.jwks()), Clock.systemUTC())));
        gateway.addRoute(new Route("GET", "/methods", "ListMethodsFunction", echo("list"), "JwtAuthorizer", null));
        gateway.addRoute(new Route("GET", "/identifications/{id}", "GetFunction", echo("get-one"), "JwtAuthorizer", null));
        gateway.addRoute(new Route("GET", "/identifications/latest", "LatestFunction", echo("latest"), "JwtAuthorizer", null));
        gateway.addRoute(new Route("ANY", "/identifications/{id}", "AnyFunction", echo("any"), "JwtAuthorizer", null));
        gateway.addRoute(new Route("GET", "/files/{proxy+}", "FilesFunction", echo("files"), null, null));
        gateway.addRoute(new Route("GET", "/health", "HealthFunction", echo("health"), null, null));
        gateway.addRoute(new Route("GET", "/admin", "AdminFunction", echo("admin"), "JwtAuthorizer", List.of("admin")));
        gateway.addRoute(new Route("GET", "/raw", "RawFunction",
                event -> CompletableFuture.completedFuture(new InvocationResult("id", false, null,
                        "{\"plain\":true}".getBytes(StandardCharsets.UTF_8))), null, null));
        gateway.addRoute(new Route("GET", "/broken", "BrokenFunction",
                event -> CompletableFuture.completedFuture(new InvocationResult("id", true, "java.lang.IllegalStateException",
                        "{\"errorMessage\":\"boom\"}".getBytes(StandardCharsets.UTF_8))), null, null));
    }

    @AfterEach
    void stop() {
        gateway.close();
    }

    private HttpResponse<String> send(String method, String pathAndQuery, String token, String body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(gateway.baseUrl() + pathAndQuery))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) b.header("Authorization", "Bearer " + token);
        if (headers.length > 0) b.headers(headers);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        return JSON.readTree(r.body());
    }

    @Test
    void routesWithPathParametersRepeatedQueryParametersAndThe20Event() throws Exception {
        String token = issuer.mint("user-42", 600, Map.of("email", "u@example.ch", "scope", "read write"));
        HttpResponse<String> r = send("GET", "/identifications/abc%20def?status=pending&status=done&x=1", token, null,
                "X-Custom", "One", "Cookie", "a=1; b=2", "User-Agent", "junit");
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("get-one", r.headers().firstValue("x-function").orElseThrow(), "specific method wins over ANY");
        assertEquals(List.of("session=abc; HttpOnly"), r.headers().allValues("set-cookie"));
        JsonNode e = json(r);
        assertEquals("2.0", e.get("version").asText());
        assertEquals("GET /identifications/{id}", e.get("routeKey").asText());
        assertEquals("/identifications/abc%20def", e.get("rawPath").asText());
        assertEquals("status=pending&status=done&x=1", e.get("rawQueryString").asText());
        assertEquals("pending,done", e.get("queryStringParameters").get("status").asText());
        assertEquals("1", e.get("queryStringParameters").get("x").asText());
        assertEquals("abc def", e.get("pathParameters").get("id").asText());
        assertEquals("One", e.get("headers").get("x-custom").asText(), "header names lower-cased");
        assertFalse(e.get("headers").has("cookie"));
        assertEquals(List.of("a=1", "b=2"), JSON.convertValue(e.get("cookies"), List.class));
        JsonNode rc = e.get("requestContext");
        assertEquals("000000000000", rc.get("accountId").asText());
        assertEquals("localapi", rc.get("apiId").asText());
        assertEquals("$default", rc.get("stage").asText());
        assertEquals("GET", rc.get("http").get("method").asText());
        assertEquals("junit", rc.get("http").get("userAgent").asText());
        assertEquals("127.0.0.1", rc.get("http").get("sourceIp").asText());
        assertEquals("GET /identifications/{id}", rc.get("routeKey").asText());
        assertTrue(rc.get("timeEpoch").asLong() > 0);
        assertFalse(rc.get("requestId").asText().isEmpty());
        JsonNode claims = rc.get("authorizer").get("jwt").get("claims");
        assertEquals("user-42", claims.get("sub").asText());
        assertEquals("u@example.ch", claims.get("email").asText());
        assertEquals(List.of("read", "write"), JSON.convertValue(rc.get("authorizer").get("jwt").get("scopes"), List.class));
        assertFalse(e.get("isBase64Encoded").asBoolean());
    }

    @Test
    void literalSegmentsBeatParametersAnyCatchesOtherMethodsGreedyPathsAndBodies() throws Exception {
        String token = issuer.mint("u");
        assertEquals("latest", send("GET", "/identifications/latest", token, null).headers().firstValue("x-function").orElseThrow());
        HttpResponse<String> del = send("DELETE", "/identifications/x1", token, "{\"reason\":\"x\"}", "Content-Type", "application/json");
        assertEquals("any", del.headers().firstValue("x-function").orElseThrow());
        assertEquals("ANY /identifications/{id}", json(del).get("routeKey").asText());
        assertEquals("{\"reason\":\"x\"}", json(del).get("body").asText());
        HttpResponse<String> files = send("GET", "/files/a/b/c.txt", null, null);
        assertEquals("a/b/c.txt", json(files).get("pathParameters").get("proxy").asText());
        HttpResponse<String> binary = send("POST", "/identifications/x2", token, "\u0001\u0002", "Content-Type", "application/octet-stream");
        assertTrue(json(binary).get("isBase64Encoded").asBoolean());
        assertEquals("AQI=", json(binary).get("body").asText());
    }

    @Test
    void noRouteIs404FunctionErrorsAre500IntegrationTimeoutIs503AndPlainPayloadsAre200() throws Exception {
        HttpResponse<String> missing = send("GET", "/nope", null, null);
        assertEquals(404, missing.statusCode());
        assertEquals("{\"message\":\"Not Found\"}", missing.body());
        assertEquals(404, send("POST", "/methods", null, null).statusCode(), "method not routed");
        HttpResponse<String> broken = send("GET", "/broken", null, null);
        assertEquals(500, broken.statusCode());
        assertEquals("{\"message\":\"Internal Server Error\"}", broken.body());
        gateway.addRoute(new Route("GET", "/slow", "SlowFunction", event -> new CompletableFuture<>(), null, null));
        gateway.integrationTimeout(java.time.Duration.ofMillis(300));
        HttpResponse<String> slow = send("GET", "/slow", null, null);
        assertEquals(503, slow.statusCode());
        assertEquals("{\"message\":\"Service Unavailable\"}", slow.body());
        HttpResponse<String> raw = send("GET", "/raw", null, null);
        assertEquals(200, raw.statusCode());
        assertEquals("{\"plain\":true}", raw.body());
    }

    @Test
    void jwtAuthorizerRejectsMissingExpiredWrongAudienceAndForeignSignatures() throws Exception {
        lastEvent.set(null);
        HttpResponse<String> none = send("GET", "/methods", null, null);
        assertEquals(401, none.statusCode());
        assertEquals("{\"message\":\"Unauthorized\"}", none.body());
        assertEquals(401, send("GET", "/methods", "not-a-jwt", null).statusCode());
        assertEquals(401, send("GET", "/methods", issuer.mint("u", -30, Map.of()), null).statusCode(), "expired");
        assertEquals(401, send("GET", "/methods", issuer.mint("u", 600, Map.of("aud", "someone-else")), null).statusCode());
        assertEquals(401, send("GET", "/methods", issuer.mint("u", 600, Map.of("iss", "https://evil.example")), null).statusCode());
        long now = System.currentTimeMillis() / 1000;
        assertEquals(401, send("GET", "/methods", issuer.mint("u", 600, Map.of("nbf", now + 300)), null).statusCode(), "nbf");

        var foreign = KeyPairGenerator.getInstance("RSA");
        foreign.initialize(2048);
        String forged = LocalJwtIssuer.sign(Map.of("alg", "RS256", "kid", issuer.keyId()),
                Map.of("iss", issuer.issuer(), "aud", "srs-connect-local", "sub", "u", "exp", now + 600),
                foreign.generateKeyPair().getPrivate());
        assertEquals(401, send("GET", "/methods", forged, null).statusCode(), "bad signature");
        String good = issuer.mint("u");
        String[] parts = good.split("\\.");
        String tampered = parts[0] + "." + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                ("{\"iss\":\"" + issuer.issuer() + "\",\"aud\":\"srs-connect-local\",\"sub\":\"admin\",\"exp\":" + (now + 600) + "}")
                        .getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
        assertEquals(401, send("GET", "/methods", tampered, null).statusCode(), "claims changed after signing");
        String unsigned = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8))
                + "." + parts[1] + ".";
        assertEquals(401, send("GET", "/methods", unsigned, null).statusCode(), "alg none");
        assertEquals(null, lastEvent.get(), "no rejected request reached the function");

        assertEquals(200, send("GET", "/methods", good, null).statusCode());
        assertEquals(200, send("GET", "/methods", issuer.mint("u", 600, Map.of("aud", List.of("x", "other-app"))), null).statusCode(),
                "any configured audience");
        assertEquals(200, send("GET", "/health", null, null).statusCode(), "route without authorizer (Authorizer: NONE)");
        assertEquals(403, send("GET", "/admin", good, null).statusCode(), "authorization scopes");
        assertEquals(200, send("GET", "/admin", issuer.mint("u", 600, Map.of("scope", "admin")), null).statusCode());
    }

    @Test
    void localIssuerServesDiscoveryJwksAndMintsTokensThatSurviveARestart() throws Exception {
        JsonNode discovery = json(send("GET", "/local/.well-known/openid-configuration", null, null));
        assertEquals(gateway.baseUrl() + "/local", discovery.get("issuer").asText());
        assertEquals(gateway.baseUrl() + "/local/.well-known/jwks.json", discovery.get("jwks_uri").asText());
        JsonNode jwks = json(send("GET", "/local/.well-known/jwks.json", null, null));
        assertEquals(issuer.keyId(), jwks.get("keys").get(0).get("kid").asText());

        HttpResponse<String> minted = send("POST", "/local/token", null, "{\"sub\":\"user-7\",\"ttlSeconds\":120,\"tenant\":\"sp-1\"}");
        assertEquals(200, minted.statusCode(), minted.body());
        String token = json(minted).get("access_token").asText();
        JsonNode event = json(send("GET", "/methods?jurisdiction=ZERTES&loa=4", token, null));
        assertEquals("user-7", event.get("requestContext").get("authorizer").get("jwt").get("claims").get("sub").asText());
        assertEquals("sp-1", event.get("requestContext").get("authorizer").get("jwt").get("claims").get("tenant").asText());
        HttpResponse<String> byQuery = send("POST", "/local/token?sub=q-user", null, null);
        assertEquals(200, byQuery.statusCode());
        assertEquals(400, send("POST", "/local/token", null, "{}").statusCode());

        LocalJwtIssuer reloaded = LocalJwtIssuer.create(issuer.issuer(), issuer.audience(), dir.resolve("keys"));
        assertEquals(issuer.keyId(), reloaded.keyId(), "the key is persisted");
        assertEquals(200, send("GET", "/methods", reloaded.mint("after-restart"), null).statusCode());
    }
}
