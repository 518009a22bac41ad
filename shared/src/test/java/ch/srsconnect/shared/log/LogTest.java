package ch.srsconnect.shared.log;

import ch.srsconnect.shared.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class LogTest {
    private static final Log LOG = Log.get(LogTest.class);

    @AfterEach
    void clear() {
        LogContext.clearRequestId();
    }

    @Test
    void writesOneJsonObjectPerLineWithStandardFields() throws Exception {
        try (LogCapture cap = new LogCapture(Level.INFO)) {
            LogContext.setRequestId("req-1");
            LOG.info("order \"placed\"\nnext", "city", "Zürich \u2028", "refId", "r-1", "attempts", 2, "ok", true, "list", List.of("a", 1));
            assertEquals(1, cap.lines().size());
            String line = cap.lines().get(0);
            assertFalse(line.contains("\n"));
            assertTrue(line.chars().allMatch(ch -> ch >= 0x20 && ch < 0x7f), "ASCII only: survives any stdout encoding");
            JsonNode n = Json.parse(line);
            assertEquals("INFO", n.get("level").asText());
            assertEquals(LogTest.class.getName(), n.get("logger").asText());
            assertEquals("order \"placed\"\nnext", n.get("msg").asText());
            assertEquals("req-1", n.get("requestId").asText());
            assertEquals("r-1", n.get("refId").asText());
            assertEquals("Zürich \u2028", n.get("city").asText());
            assertEquals(2, n.get("attempts").asInt());
            assertTrue(n.get("ok").asBoolean());
            assertEquals("a", n.get("list").get(0).asText());
            assertTrue(n.get("ts").asText().endsWith("Z"));
        }
    }

    @Test
    void levelFiltersAndParse() {
        try (LogCapture cap = new LogCapture(Level.WARN)) {
            LOG.debug("d");
            LOG.info("i");
            LOG.warn("w");
            LOG.error("e", new IllegalStateException("boom"));
            assertEquals(2, cap.lines().size());
            assertTrue(cap.lines().get(1).contains("\"error\":\"java.lang.IllegalStateException\""));
            assertTrue(cap.lines().get(1).contains("\"errorMessage\":\"boom\""));
        }
        assertEquals(Level.WARN, Level.parse("warning", Level.INFO));
        assertEquals(Level.DEBUG, Level.parse(" debug ", Level.INFO));
        assertEquals(Level.INFO, Level.parse("loud", Level.INFO));
        assertEquals(Level.INFO, Level.parse(null, Level.INFO));
    }

    @Test
    void reservedKeysCannotBeOverwrittenAndOddArgumentsAreSafe() throws Exception {
        try (LogCapture cap = new LogCapture()) {
            LOG.info("m", "level", "fake", "dangling");
            JsonNode n = Json.parse(cap.lines().get(0));
            assertEquals("INFO", n.get("level").asText());
            assertEquals("fake", n.get("field.level").asText());
            assertTrue(n.get("dangling").isNull());
        }
    }

    @Test
    void sensitiveValuesArbitraryObjectsAndRegisteredSecretsNeverPrinted() {
        record Person(String name) {}
        class Secret implements Sensitive {
            @Override
            public String toString() {
                return "s3cr3t-value";
            }
        }
        try (LogCapture cap = new LogCapture()) {
            LogContext.redact("eyJhbGciOi-registered-token");
            LOG.info("x", "secret", new Secret(), "person", new Person("Max Muster"),
                    "oops", "Bearer eyJhbGciOi-registered-token");
            String out = cap.all();
            assertFalse(out.contains("s3cr3t-value"));
            assertFalse(out.contains("Max Muster"));
            assertFalse(out.contains("eyJhbGciOi-registered-token"));
            assertTrue(out.contains("[REDACTED]"));
            assertTrue(out.contains("<Person>"));
        }
    }

    @Test
    void emfMetricLineHasAwsBlockAndValues() throws Exception {
        LogContext.setRequestId("req-9");
        String line = Metrics.format("IdpTokenRequests", 1, Metrics.Unit.COUNT, Map.of("scope", "miss"), 1700000000000L);
        JsonNode n = Json.parse(line);
        JsonNode aws = n.get("_aws");
        assertEquals(1700000000000L, aws.get("Timestamp").asLong());
        JsonNode cwm = aws.get("CloudWatchMetrics").get(0);
        assertEquals(Metrics.NAMESPACE, cwm.get("Namespace").asText());
        assertEquals("scope", cwm.get("Dimensions").get(0).get(0).asText());
        assertEquals("IdpTokenRequests", cwm.get("Metrics").get(0).get("Name").asText());
        assertEquals("Count", cwm.get("Metrics").get(0).get("Unit").asText());
        assertEquals("miss", n.get("scope").asText());
        assertEquals(1, n.get("IdpTokenRequests").asInt());
        assertEquals("req-9", n.get("requestId").asText());
        assertEquals(12.5, Json.parse(Metrics.format("L", 12.5, Metrics.Unit.MILLISECONDS, null, 1)).get("L").asDouble());
    }

    @Test
    void metricsGoToTheSinkAndNonFiniteValuesAreDropped() {
        try (LogCapture cap = new LogCapture(Level.ERROR)) {
            Metrics.count("Calls", Map.of());
            Metrics.put("Bad", Double.NaN, Metrics.Unit.NONE, Map.of());
            assertEquals(1, cap.lines().size(), "metrics are not subject to the log level");
            assertTrue(cap.lines().get(0).startsWith("{\"_aws\""));
        }
    }
}
