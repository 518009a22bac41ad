package ch.srsconnect.shared.catalogue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class MethodsQueryTest {

    private static Map<String, List<String>> params(String... kv) {
        Map<String, List<String>> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.computeIfAbsent(kv[i], k -> new java.util.ArrayList<>()).add(kv[i + 1]);
        }
        return m;
    }

    private static List<ParamError> errors(String... kv) {
        MethodsQuery.Parsed p = MethodsQuery.parse(params(kv));
        assertNull(p.query());
        return p.errors();
    }

    @Test
    void noParametersIsTheUnfilteredQuery() {
        MethodsQuery.Parsed p = MethodsQuery.parse(Map.of());
        assertTrue(p.ok());
        assertEquals(MethodsQuery.ALL, p.query());
        assertEquals(Map.of(), p.query().toSrsQuery());
        assertEquals(MethodsQuery.ALL, MethodsQuery.parse(null).query());
    }

    @Test
    void everyParameterMapsToSrsNames() {
        MethodsQuery q = MethodsQuery.parse(params("issuer", "intrum-video", "jurisdiction", "zertes", "loa", "4",
                "methodType", "video", "offline", "false", "webFlow", "TRUE", "realTime", "true")).query();
        assertEquals(List.of("issuer", "jurisdiction", "loa", "method", "offline", "webflow", "realtime"),
                List.copyOf(q.toSrsQuery().keySet()));
        assertEquals(List.of("ZERTES"), q.toSrsQuery().get("jurisdiction"));
        assertEquals(List.of("Video"), q.toSrsQuery().get("method"));
        assertEquals(List.of("true"), q.toSrsQuery().get("webflow"));
        assertEquals(List.of("false"), q.toSrsQuery().get("offline"));
        assertEquals(List.of("4"), q.toSrsQuery().get("loa"));
    }

    @Test
    void equalFiltersGiveEqualSrsQueries() {
        MethodsQuery a = MethodsQuery.parse(params("jurisdiction", "ZERTES", "jurisdiction", "eidas",
                "issuer", "klarna", "issuer", "Intrum-Video")).query();
        MethodsQuery b = MethodsQuery.parse(params("issuer", "INTRUM-VIDEO,KLARNA", "jurisdiction", "EIDAS,zertes",
                "jurisdiction", "EIDAS")).query();
        assertEquals(a.toSrsQuery(), b.toSrsQuery());
        assertEquals(List.of("intrum-video", "KLARNA"), a.toSrsQuery().get("issuer"), "catalogue spelling, sorted");
        assertEquals(List.of("EIDAS", "ZERTES"), a.toSrsQuery().get("jurisdiction"));
    }

    @Test
    void unknownIssuerIsPassedAsGiven() {
        MethodsQuery q = MethodsQuery.parse(params("issuer", "New-IPSP")).query();
        assertEquals(List.of("New-IPSP"), q.toSrsQuery().get("issuer"));
    }

    @ParameterizedTest(name = "{0}={1} rejected")
    @CsvSource({
            "jurisdiction, EU",
            "jurisdiction, CH",
            "jurisdiction, ZERTES;EIDAS",
            "loa, 5",
            "loa, 2",
            "loa, LOA4",
            "loa, 4.0",
            "methodType, Selfie",
            "methodType, video2",
            "offline, maybe",
            "offline, 1",
            "webFlow, yes",
            "realTime, no",
            "issuer, 'a b'",
            "issuer, -leading-dash",
            "issuer, 'klarna;drop'",
    })
    void badValueNamesTheParameter(String name, String value) {
        List<ParamError> errors = errors(name, value);
        assertEquals(1, errors.size(), errors.toString());
        assertEquals(name, errors.get(0).field());
        assertTrue(errors.get(0).message().contains(value.length() > 40 ? value.substring(0, 40) : value),
                "message echoes the value: " + errors.get(0).message());
    }

    @ParameterizedTest(name = "{0}={1} accepted")
    @CsvSource({
            "jurisdiction, eidas",
            "jurisdiction, ZertES",
            "loa, 3",
            "loa, ' 4 '",
            "methodType, ROBO-IDENT",
            "methodType, eID",
            "methodType, autoident",
            "offline, False",
            "webFlow, true",
            "realTime, TRUE",
            "issuer, IDENTITY.TM",
            "issuer, identity-tm-eid",
    })
    void goodValues(String name, String value) {
        assertTrue(MethodsQuery.parse(params(name, value)).ok());
    }

    @Test
    void messagesSayWhatIsAccepted() {
        assertTrue(errors("loa", "5").get(0).message().contains("use 3"));
        assertTrue(errors("jurisdiction", "EU").get(0).message().contains("EIDAS"));
        assertTrue(errors("offline", "maybe").get(0).message().contains("true or false"));
        assertTrue(errors("methodType", "x").get(0).message().contains("Robo-ident"));
    }

    @Test
    void everyBadParameterIsReported() {
        List<ParamError> errors = errors("loa", "5", "offline", "maybe", "jurisdiction", "EU", "realTime", "x");
        assertEquals(List.of("jurisdiction", "loa", "offline", "realTime"),
                errors.stream().map(ParamError::field).toList());
    }

    @Test
    void oneBadValueAmongGoodOnesIsReported() {
        List<ParamError> errors = errors("jurisdiction", "EIDAS", "jurisdiction", "MARS");
        assertEquals(1, errors.size());
        assertTrue(errors.get(0).message().contains("MARS"));
    }

    @Test
    void unknownParameterNamesAreErrors() {
        List<ParamError> errors = errors("jurisdicton", "ZERTES");
        assertEquals("jurisdicton", errors.get(0).field());
        assertTrue(errors.get(0).message().contains("accepted are issuer, jurisdiction"));
    }

    @Test
    void wrongCaseParameterNameGetsASuggestion() {
        ParamError e = errors("webflow", "true").get(0);
        assertEquals("webflow", e.field());
        assertTrue(e.message().contains("did you mean 'webFlow'"), e.message());
        assertTrue(errors("method", "Video").get(0).message().contains("methodType"));
    }

    @Test
    void singleValuedParametersMayNotRepeat() {
        List<ParamError> errors = errors("loa", "3", "loa", "4");
        assertEquals("loa", errors.get(0).field());
        assertTrue(errors.get(0).message().contains("at most once"));
    }

    @Test
    void emptyValuesAreErrors() {
        assertEquals("loa", errors("loa", "").get(0).field());
        assertEquals("issuer", errors("issuer", "").get(0).field());
        assertEquals("jurisdiction", errors("jurisdiction", " , ").get(0).field());
        assertEquals("offline", errors("offline", "").get(0).field());
    }

    @Test
    void longValuesAreClippedInMessages() {
        String longValue = "x".repeat(500);
        ParamError e = errors("jurisdiction", longValue).get(0);
        assertTrue(e.message().length() < 200, e.message());
    }
}
