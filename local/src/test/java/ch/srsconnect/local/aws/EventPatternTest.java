package ch.srsconnect.local.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The matcher against EventBridge's documented examples (eb-event-patterns, eb-event-patterns-content-based-filtering):
 * each case is a documented pattern with an event it names as matching or one that differs only where the text says
 * it must not match (src/test/resources/eventbridge/documented-patterns.json).
 */
class EventPatternTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One documented case: a pattern, an event, whether EventBridge says it matches. */
    record Case(String what, JsonNode pattern, JsonNode event, boolean matches) {
        @Override
        public String toString() {
            return what;
        }
    }

    /** The cases of {@code eventbridge/documented-patterns.json}, also run against a reference emulator in the tests module. */
    static List<Case> cases() throws IOException {
        try (InputStream in = EventPatternTest.class.getResourceAsStream("/eventbridge/documented-patterns.json")) {
            List<Case> out = new ArrayList<>();
            for (JsonNode c : JSON.readTree(in)) {
                out.add(new Case(c.path("what").asText(), c.get("pattern"), c.get("event"), c.path("matches").asBoolean()));
            }
            return out;
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void documentedExample(Case c) {
        assertEquals(c.matches(), EventPattern.of(c.pattern()).matches(c.event()), c.pattern() + " on " + c.event());
    }

    @Test
    void invalidPatternsAreRefusedWithTheField() throws Exception {
        for (String bad : List.of("{}", "{\"source\":\"srs-connect\"}", "{\"source\":[]}", "{\"detail\":{\"ip\":[{\"cidr\":\"10.0.0.0/24\"}]}}",
                "{\"detail\":{\"n\":[{\"numeric\":[\">\"]}]}}", "{\"detail\":{\"s\":[{\"anything-but\":[\"a\",1]}]}}", "{\"$or\":[{\"a\":[1]}]}")) {
            JsonNode pattern = JSON.readTree(bad);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EventPattern.of(pattern), bad);
            assertTrue(e.getMessage().startsWith("Event pattern is not valid."), e.getMessage());
        }
    }
}
