package ch.srsconnect.tests.e2e;

import ch.srsconnect.local.LocalRuntime;
import ch.srsconnect.tests.TestEnvironment;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * GET /methods like a frontend: HTTP to the local runtime, JWT authorizer, the function's real deployment zip in
 * its own JVM under Lambda's runtime client, the template's environment, the simulator behind it.
 */
class ListMethodsEndToEndTest {

    private static LocalRuntime runtime;
    private static FrontendClient frontend;
    private static String token;

    @BeforeAll
    static void start() {
        runtime = TestEnvironment.get().localRuntime();
        frontend = new FrontendClient(runtime.baseUrl());
        token = runtime.mintToken("e2e-alice");
    }

    private static Set<String> methods(FrontendClient.Response r) {
        List<String> keys = new ArrayList<>();
        for (JsonNode m : r.json().path("methods")) {
            keys.add(m.path("issuer").asText() + "/" + m.path("method").asText());
        }
        assertEquals(keys.size(), new TreeSet<>(keys).size(), "no duplicates: " + keys);
        return new TreeSet<>(keys);
    }

    @Test
    void zertesLoa4() {
        FrontendClient.Response r = frontend.get("/methods?jurisdiction=ZERTES&loa=4", token);
        assertEquals(200, r.status(), r.body());
        assertEquals(Set.of("intrum-video/video", "intrum-autoident/autoident", "test/video"), methods(r));
    }

    @Test
    void eidasLoa3() {
        FrontendClient.Response r = frontend.get("/methods?jurisdiction=EIDAS&loa=3", token);
        assertEquals(200, r.status(), r.body());
        assertEquals(Set.of("IDENTITY.TM/video", "KLARNA/bank", "identity-tm-eid/eID", "nect/robo-ident",
                "intrum-video/video", "intrum-autoident/autoident", "test/video"), methods(r));
    }

    @Test
    void repeatedJurisdictionsAreAnOr() {
        FrontendClient.Response r = frontend.get("/methods?jurisdiction=ZERTES&jurisdiction=EIDAS&loa=4", token);
        assertEquals(200, r.status(), r.body());
        assertTrue(methods(r).containsAll(Set.of("KLARNA/bank", "intrum-video/video")), r.body());
    }

    @Test
    void badFiltersAre400ProblemsNamingTheParameter() {
        for (String[] c : new String[][]{{"jurisdiction=MARS", "jurisdiction"}, {"loa=5", "loa"}, {"offline=maybe", "offline"}}) {
            FrontendClient.Response r = frontend.get("/methods?" + c[0], token);
            assertEquals(400, r.status(), c[0]);
            assertEquals("application/problem+json", r.contentType(), c[0]);
            assertEquals(c[1], r.json().path("errors").get(0).path("field").asText(), r.body());
        }
    }

    @Test
    void noOrBadTokenIs401() {
        assertEquals(401, frontend.get("/methods?jurisdiction=ZERTES", null).status());
        assertEquals(401, frontend.get("/methods?jurisdiction=ZERTES", token + "x").status());
        assertEquals(401, frontend.get("/methods?jurisdiction=ZERTES", "not-a-jwt").status());
    }

    @Test
    void theFunctionRanInItsOwnJvmUnderTheRuntimeClient() {
        assertEquals(200, frontend.get("/methods?loa=3", token).status());
        assertFalse(runtime.invocationStats().isEmpty());
        assertTrue(runtime.invocationStats().stream().anyMatch(s -> s.coldStart() && s.jvmStartToFirstResponseMs() > 0),
                runtime.invocationStats().toString());
    }
}
