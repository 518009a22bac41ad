package ch.srsconnect.shared.config;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class ConfigTest {

    @Test
    void requiredStringPresentAndMissing() {
        Config c = Config.of(Map.of("SRS_BASE_URL", " https://srs.example ", "BLANK", "  "));
        assertEquals("https://srs.example", c.string(EnvVar.SRS_BASE_URL));
        ConfigException e = assertThrows(ConfigException.class, () -> c.string(EnvVar.IDP_TOKEN_URL));
        assertEquals("IDP_TOKEN_URL", e.variable());
        assertTrue(e.getMessage().contains("IDP_TOKEN_URL"));
        assertThrows(ConfigException.class, () -> c.string("BLANK"), "blank counts as unset");
        assertEquals("d", c.string("BLANK", "d"));
    }

    @Test
    void integersWithDefaultsAndBadValuesNamed() {
        Config c = Config.of(Map.of("SRS_MAX_ATTEMPTS", "5", "BAD", "five"));
        assertEquals(5, c.integer(EnvVar.SRS_MAX_ATTEMPTS, 3));
        assertEquals(300, c.integer(EnvVar.METHODS_CACHE_TTL_SECONDS, 300));
        ConfigException e = assertThrows(ConfigException.class, () -> c.integer("BAD", 1));
        assertTrue(e.getMessage().contains("BAD"));
        assertFalse(e.getMessage().contains("five"), "values are not echoed");
        assertThrows(ConfigException.class, () -> c.integer("MISSING"));
    }

    @Test
    void flagsTrueFalseOrDefaultAndBadValuesNamed() {
        Config c = Config.of(Map.of("TERMS_FLOW_ENABLED", "TRUE", "OFF", "false", "BAD", "yes"));
        assertTrue(c.flag(EnvVar.TERMS_FLOW_ENABLED, false));
        assertFalse(c.flag("OFF", true));
        assertTrue(c.flag("UNSET", true));
        assertFalse(c.flag("UNSET", false));
        ConfigException e = assertThrows(ConfigException.class, () -> c.flag("BAD", false));
        assertTrue(e.getMessage().contains("BAD"));
        assertFalse(e.getMessage().contains("yes"), "values are not echoed");
    }

    @Test
    void durationsInTheUnitOfTheNameOrIso() {
        Config c = Config.of(Map.of("A_MS", "2500", "B_SECONDS", "PT2M", "NEG", "-1", "BAD", "soon"));
        assertEquals(Duration.ofMillis(2500), c.duration("A_MS", ChronoUnit.MILLIS, 1));
        assertEquals(Duration.ofMinutes(2), c.duration("B_SECONDS", ChronoUnit.SECONDS, 1));
        assertEquals(Duration.ofSeconds(120), c.duration("UNSET", ChronoUnit.SECONDS, 120));
        assertThrows(ConfigException.class, () -> c.duration("NEG", ChronoUnit.SECONDS, 1));
        assertThrows(ConfigException.class, () -> c.duration("BAD", ChronoUnit.SECONDS, 1));
    }

    @Test
    void urisMustBeAbsolute() {
        Config c = Config.of(Map.of("U", "http://localhost:8090/base", "REL", "/api", "JUNK", "http://exa mple"));
        assertEquals(URI.create("http://localhost:8090/base"), c.uri("U"));
        assertThrows(ConfigException.class, () -> c.uri("REL"));
        assertThrows(ConfigException.class, () -> c.uri("JUNK"));
        assertTrue(c.optionalUri("NONE").isEmpty());
        assertEquals(URI.create("http://d"), c.uri("NONE", URI.create("http://d")));
    }

    @Test
    void withOverridesKeepsTheRest() {
        Config c = Config.of(Map.of("A", "1", "B", "2")).with(Map.of("B", "3"));
        assertEquals("1", c.string("A"));
        assertEquals("3", c.string("B"));
    }

    @Test
    void envVarListsAreDisjointAndCoverTheDocumentedNames() {
        for (String v : EnvVar.SET_BY_TEMPLATE) {
            assertFalse(EnvVar.SET_BY_RUNTIME.contains(v), v);
        }
        assertTrue(EnvVar.SET_BY_TEMPLATE.containsAll(EnvVar.READ_BY_SRS_PLATFORM));
        // every listed name is a declared constant of the same name, and no name is listed twice
        // (no fixed counts: each feature adds its variables without touching this test)
        for (List<String> list : List.of(EnvVar.SET_BY_TEMPLATE, EnvVar.SET_BY_RUNTIME)) {
            assertEquals(list.size(), new java.util.HashSet<>(list).size(), "duplicates in " + list);
            for (String v : list) {
                assertDoesNotThrow(() -> assertEquals(v, EnvVar.class.getField(v).get(null)), v);
            }
        }
        assertTrue(EnvVar.SET_BY_TEMPLATE.contains(EnvVar.TERMS_FLOW_ENABLED));
    }
}
