package ch.srsconnect.shared.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class ApiRequestTest {

    private static APIGatewayV2HTTPEvent event(String rawQuery, Map<String, String> joined) {
        APIGatewayV2HTTPEvent e = new APIGatewayV2HTTPEvent();
        e.setRawQueryString(rawQuery);
        e.setQueryStringParameters(joined);
        return e;
    }

    @Test
    void repeatedQueryParametersComeFromRawQueryStringDecoded() {
        // API Gateway joins repeats with commas in queryStringParameters; the raw string keeps them apart.
        ApiRequest r = ApiRequest.of(event("jurisdiction=ZERTES&jurisdiction=EIDAS&issuer=a%2Cb&loa=4&q=a+b%20c&flag",
                Map.of("jurisdiction", "ZERTES,EIDAS", "issuer", "a,b", "loa", "4")));
        assertEquals(List.of("ZERTES", "EIDAS"), r.queryAll("jurisdiction"));
        assertEquals(List.of("a,b"), r.queryAll("issuer"), "an encoded comma is one value");
        assertEquals("4", r.query("loa").orElseThrow());
        assertEquals("a b c", r.query("q").orElseThrow());
        assertEquals("", r.query("flag").orElseThrow());
        assertTrue(r.query("none").isEmpty());
        assertEquals(List.of(), r.queryAll("none"));
        assertEquals(List.of("jurisdiction", "issuer", "loa", "q", "flag"), List.copyOf(r.queryParams().keySet()));
    }

    @Test
    void malformedEscapesAndEmptyPairsAreTolerated() {
        ApiRequest r = ApiRequest.of(event("a=%zz&&=x&b=%E2%82%AC", null));
        assertEquals("%zz", r.query("a").orElseThrow());
        assertEquals("€", r.query("b").orElseThrow());
        assertEquals(2, r.queryParams().size());
    }

    @Test
    void fallsBackToQueryStringParametersWithoutRawString() {
        ApiRequest r = ApiRequest.of(event(null, Map.of("loa", "3")));
        assertEquals(List.of("3"), r.queryAll("loa"));
        assertTrue(ApiRequest.of(event(null, null)).queryParams().isEmpty());
    }

    @Test
    void headersAreCaseInsensitive() {
        APIGatewayV2HTTPEvent e = new APIGatewayV2HTTPEvent();
        e.setHeaders(Map.of("idempotency-key", "k1", "Content-Type", "application/json"));
        ApiRequest r = ApiRequest.of(e);
        assertEquals("k1", r.header("Idempotency-Key").orElseThrow());
        assertEquals("application/json", r.header("content-type").orElseThrow());
        assertTrue(r.header("x-none").isEmpty());
    }

    @Test
    void bodyPlainAndBase64() {
        APIGatewayV2HTTPEvent e = new APIGatewayV2HTTPEvent();
        e.setBody(Base64.getEncoder().encodeToString("{\"msisdn\":\"41791234567\",\"n\":\"Zürich\"}".getBytes(StandardCharsets.UTF_8)));
        e.setIsBase64Encoded(true);
        e.setHeaders(Map.of("content-type", "application/json"));
        ApiRequest r = ApiRequest.of(e);
        assertEquals("Zürich", JsonBody.object(r, null).get("n").asText());

        e.setBody("not base64 !!");
        assertThrows(MalformedRequestException.class, () -> ApiRequest.of(e).body());

        APIGatewayV2HTTPEvent plain = new APIGatewayV2HTTPEvent();
        plain.setBody("{bad json");
        plain.setHeaders(Map.of("content-type", "application/json"));
        assertEquals("{bad json", ApiRequest.of(plain).body());
        ProblemException m = assertThrows(ProblemException.class, () -> JsonBody.object(ApiRequest.of(plain), null));
        assertFalse(m.getMessage().contains("bad json"), "the body is not echoed");
        assertFalse(m.problem().toJson().toString().contains("bad json"), "the body is not echoed");
        APIGatewayV2HTTPEvent none = new APIGatewayV2HTTPEvent();
        none.setHeaders(Map.of("content-type", "application/json"));
        assertThrows(ProblemException.class, () -> JsonBody.object(ApiRequest.of(none), null));
        assertEquals("", ApiRequest.of(new APIGatewayV2HTTPEvent()).body());
    }

    @Test
    void claimsPathParamsMethodAndRoute() {
        APIGatewayV2HTTPEvent e = new APIGatewayV2HTTPEvent();
        var jwt = new APIGatewayV2HTTPEvent.RequestContext.Authorizer.JWT();
        jwt.setClaims(Map.of("sub", "client-42", "scope", "srs/identify"));
        var auth = new APIGatewayV2HTTPEvent.RequestContext.Authorizer();
        auth.setJwt(jwt);
        var http = new APIGatewayV2HTTPEvent.RequestContext.Http();
        http.setMethod("get");
        var ctx = new APIGatewayV2HTTPEvent.RequestContext();
        ctx.setAuthorizer(auth);
        ctx.setHttp(http);
        ctx.setRequestId("apigw-1");
        e.setRequestContext(ctx);
        e.setRouteKey("GET /identifications/{id}");
        e.setPathParameters(Map.of("id", "abc"));
        ApiRequest r = ApiRequest.of(e);
        assertEquals("client-42", r.claim("sub").orElseThrow());
        assertTrue(r.claim("email").isEmpty());
        assertEquals("abc", r.pathParam("id").orElseThrow());
        assertEquals("GET", r.method());
        assertEquals("GET /identifications/{id}", r.routeKey());
        assertEquals("apigw-1", r.apiRequestId().orElseThrow());

        ApiRequest bare = ApiRequest.of(null);
        assertEquals(Map.of(), bare.claims());
        assertTrue(bare.pathParam("id").isEmpty());
        assertEquals("", bare.method());
    }
}
