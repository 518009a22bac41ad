package ch.srsconnect.shared.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class JsonBodyTest {

    private static ApiRequest request(String contentType, String body) {
        APIGatewayV2HTTPEvent e = new APIGatewayV2HTTPEvent();
        Map<String, String> headers = new HashMap<>();
        if (contentType != null) headers.put("content-type", contentType);
        e.setHeaders(headers);
        e.setBody(body);
        return ApiRequest.of(e);
    }

    private static Problem refused(String contentType, String body, Set<String> fields) {
        return assertThrows(ProblemException.class, () -> JsonBody.object(request(contentType, body), fields)).problem();
    }

    private static String field(Problem p) {
        return p.toJson().path("errors").path(0).path("field").asText();
    }

    @Test
    void theRulesInTheirOrder() {
        assertEquals(415, refused("text/plain", "{}", null).status());
        assertEquals("Content-Type", field(refused(null, "{}", null)));
        assertEquals(413, refused("application/json", "{\"a\":\"" + "x".repeat(JsonBody.MAX_BYTES) + "\"}", null).status());
        assertEquals("body", field(refused("application/json", "", null)));
        assertEquals("body", field(refused("application/json", "{nope", null)));
        assertEquals("body", field(refused("application/json", "[1]", null)));
        assertEquals("person.lastName", field(refused("application/json", "{\"person\":{\"lastName\":\"A\\nB\"}}", null)));
        assertEquals("tags[1]", field(refused("application/json", "{\"tags\":[\"ok\",\"a\\u2028b\"]}", null)));
        assertEquals("note", field(refused("application/json", "{\"code\":\"1\",\"note\":\"x\"}", Set.of("code"))));
        assertEquals(400, refused("application/json", "{\"code\":\"1\",\"note\":\"x\"}", Set.of("code")).status());
    }

    @Test
    void aGoodBodyPassesWithAnyJsonMediaType() {
        assertEquals("1", JsonBody.object(request("application/json; charset=utf-8", "{\"code\":\"1\"}"), Set.of("code")).path("code").asText());
        assertEquals("Zoë O’Neil-Müller", JsonBody.object(request("application/merge-patch+json", "{\"n\":\"Zoë O’Neil-Müller\"}"), null)
                .path("n").asText());
    }

    @Test
    void controlCharactersAreTheOnesNoFieldAccepts() {
        for (String bad : new String[] {"a\nb", "a\tb", "a\rb", "a\u0000b", "a\u0085b", "a\u2028b", "a\u2029b", "a\u202Eb", "a\u2066b"}) {
            assertTrue(JsonBody.hasControlCharacter(bad), bad);
        }
        assertFalse(JsonBody.hasControlCharacter("Zoë O’Neil-Müller 漢字 😀"));
    }
}
