package ch.srsconnect.simulator;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FaultsAndStatsTest {

    SrsSimulator sim;
    Client c;
    String token;

    @BeforeEach
    void start() {
        sim = SrsSimulator.start(SimulatorOptions.defaults().seed(7));
        c = new Client(sim.baseUrl());
        token = c.token("miss");
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    @Test
    void statsCountCallsPerEndpointKeyAndTokens() {
        c.get("/api/providers", token);
        c.get("/api/providers?loa=3", token);
        c.get("/api/providers", null);
        c.token("smartflow");
        Stats s = sim.stats();
        assertEquals(3, s.calls("GET /api/providers"));
        assertEquals(2, s.calls("POST /oauth/token"));
        assertEquals(2, s.tokensIssued());

        Client.Res admin = c.admin("GET", "/_admin/stats", null);
        assertEquals(200, admin.status());
        assertEquals(3, admin.json().get("calls").get("GET /api/providers").asInt());
        assertEquals(2, admin.json().get("tokensIssued").asInt());
        assertEquals(0, sim.stats().calls("GET /_admin/stats"), "admin calls are not counted");

        assertEquals(200, c.admin("POST", "/_admin/stats/reset", null).status());
        assertEquals(0, sim.stats().calls("GET /api/providers"));
        assertEquals(0, sim.stats().tokensIssued());
        c.get("/api/providers", token);
        sim.resetStats();
        assertEquals(0, sim.stats().calls("GET /api/providers"));
    }

    @Test
    void faultByCountViaAdminThenClears() {
        Client.Res inj = c.admin("POST", "/_admin/faults",
                "{\"endpoint\":\"GET /api/providers\",\"status\":503,\"count\":2,\"retryAfter\":7}");
        assertEquals(201, inj.status(), inj.body());
        Client.Res first = c.get("/api/providers", token);
        assertEquals(503, first.status());
        assertEquals("7", first.header("Retry-After"));
        assertEquals(503, c.get("/api/providers", token).status());
        assertEquals(200, c.get("/api/providers", token).status());
        assertEquals(3, sim.stats().calls("GET /api/providers"));
    }

    @Test
    void faultWithoutCountStaysUntilDeleted() {
        c.admin("POST", "/_admin/faults", "{\"endpoint\":\"POST /oauth/token\",\"status\":500}");
        assertEquals(500, c.tokenBasic(Client.ID, Client.SECRET, "grant_type=client_credentials&scope=miss").status());
        assertEquals(500, c.tokenBasic(Client.ID, Client.SECRET, "grant_type=client_credentials&scope=miss").status());
        assertEquals(204, c.admin("DELETE", "/_admin/faults", null).status());
        assertEquals(200, c.tokenBasic(Client.ID, Client.SECRET, "grant_type=client_credentials&scope=miss").status());
    }

    @Test
    void faultOnlyHitsItsEndpoint() {
        sim.faults().inject(FaultSpec.status("POST /oauth/token", 503));
        assertEquals(200, c.get("/api/providers", token).status());
    }

    @Test
    void faultByRatioFiresOnSomeCallsOnly() {
        sim.faults().inject(FaultSpec.status("GET /api/providers", 502).ratio(0.5));
        int failed = 0;
        for (int i = 0; i < 60; i++) {
            int s = c.get("/api/providers", token).status();
            assertTrue(s == 200 || s == 502, "status " + s);
            if (s == 502) {
                failed++;
            }
        }
        assertTrue(failed > 5 && failed < 55, "failed " + failed + " of 60");
        sim.faults().clear();
        assertEquals(200, c.get("/api/providers", token).status());
    }

    @Test
    void malformedReturns200WithBrokenJson() {
        sim.faults().inject(FaultSpec.malformed("GET /api/providers").times(1));
        Client.Res r = c.get("/api/providers", token);
        assertEquals(200, r.status());
        assertThrows(IOException.class, () -> Client.JSON.readTree(r.body()));
        assertEquals(200, c.get("/api/providers", token).status());
        assertTrue(c.get("/api/providers", token).json().isArray());
    }

    @Test
    void latencyOnlyFaultStillAnswersNormally() {
        c.admin("POST", "/_admin/faults", "{\"endpoint\":\"GET /api/providers\",\"latencyMs\":50,\"count\":1}");
        Client.Res r = c.get("/api/providers", token);
        assertEquals(200, r.status());
        assertTrue(r.json().isArray());
        assertTrue(sim.faults().active().isEmpty());
    }

    @Test
    void faultsFireBeforeAuthentication() {
        sim.faults().inject(FaultSpec.status("GET /api/providers", 429).times(1).withRetryAfter(3));
        Client.Res r = c.get("/api/providers", null);
        assertEquals(429, r.status());
        assertEquals("3", r.header("Retry-After"));
        assertEquals(401, c.get("/api/providers", null).status());
    }

    @Test
    void invalidFaultIs400AndAdminNeedsNoToken() {
        assertEquals(400, c.admin("POST", "/_admin/faults", "{\"status\":503}").status());
        assertEquals(400, c.admin("POST", "/_admin/faults", "{\"endpoint\":\"GET /api/providers\",\"ratio\":2,\"status\":503}").status());
        assertEquals(400, c.admin("POST", "/_admin/faults", "not json").status());
        assertEquals(200, c.admin("GET", "/_admin/faults", null).status());
    }

    @Test
    void unknownPathIs404AndWrongMethodIs405() {
        assertEquals(404, c.get("/api/nothing", token).status());
        assertEquals(405, c.delete("/api/providers", token).status());
    }

    @Test
    void cliParsesFlags() {
        SimulatorOptions o = SimulatorMain.parse(new String[] {"--port", "0", "--time-scale", "120", "--legacy-methods",
                "--token-ttl", "5", "--client", "a:b"});
        assertEquals(0, o.port());
        assertEquals(120.0, o.timeScale());
        assertTrue(o.legacyMethods());
        assertEquals(5, o.tokenTtlSeconds());
        assertEquals("b", o.credentials().get("a"));
        assertEquals(null, SimulatorMain.parse(new String[] {"--help"}));
        assertThrows(IllegalArgumentException.class, () -> SimulatorMain.parse(new String[] {"--bogus"}));
        assertTrue(SimulatorMain.describe(sim).contains("GET /api/providers"));
    }
}
