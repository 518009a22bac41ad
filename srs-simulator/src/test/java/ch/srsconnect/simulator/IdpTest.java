package ch.srsconnect.simulator;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IdpTest {

    SrsSimulator sim;
    Client c;

    @BeforeEach
    void start() {
        sim = SrsSimulator.start(SimulatorOptions.defaults().tokenTtlSeconds(1234).credential("sp-client", "sp-secret"));
        c = new Client(sim.baseUrl());
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    @Test
    void issuesTokenWithBasicCredentials() {
        Client.Res r = c.tokenBasic(Client.ID, Client.SECRET, "grant_type=client_credentials&scope=miss");
        assertEquals(200, r.status(), r.body());
        assertEquals("bearer", r.json().get("token_type").asText());
        assertEquals(1234, r.json().get("expires_in").asLong());
        assertEquals("miss", r.json().get("scope").asText());
        assertTrue(r.json().get("access_token").asText().length() >= 20);
        assertEquals(200, c.get("/api/providers", r.json().get("access_token").asText()).status());
    }

    @Test
    void issuesTokenWithFormCredentialsAndV14SpellingAndExtraCredentials() {
        Client.Res form = c.tokenForm("grant_type=client_credentials&scope=smartflow&client_id=missswaggerclient&client_secret=missswaggerclientsecret");
        assertEquals(200, form.status(), form.body());
        assertEquals("smartflow", form.json().get("scope").asText());
        assertEquals(200, c.tokenBasic("misswaggerclient", "misswaggerclientsecret", "grant_type=client_credentials&scope=miss").status());
        assertEquals(200, c.tokenBasic("sp-client", "sp-secret", "grant_type=client_credentials&scope=miss").status());
        String a = c.token("miss");
        String b = c.token("miss");
        assertNotEquals(a, b);
        assertEquals(5, sim.stats().tokensIssued());
    }

    @Test
    void wrongCredentialsAre401() {
        Client.Res r = c.tokenBasic(Client.ID, "wrong", "grant_type=client_credentials&scope=miss");
        assertEquals(401, r.status());
        assertEquals("invalid_client", r.json().get("error").asText());
        assertEquals(401, c.tokenForm("grant_type=client_credentials&scope=miss").status());
        assertEquals(401, c.tokenForm("grant_type=client_credentials&scope=miss&client_id=sp-client&client_secret=missswaggerclientsecret").status());
        assertEquals(0, sim.stats().tokensIssued());
    }

    @Test
    void badGrantOrScopeIs400() {
        assertEquals(400, c.tokenBasic(Client.ID, Client.SECRET, "grant_type=password&scope=miss").status());
        assertEquals(400, c.tokenBasic(Client.ID, Client.SECRET, "grant_type=client_credentials&scope=other").status());
        assertEquals(400, c.tokenBasic(Client.ID, Client.SECRET, "grant_type=client_credentials").status());
    }

    @Test
    void apiNeedsAValidTokenOfTheRightScope() {
        assertEquals(401, c.get("/api/providers", null).status());
        assertEquals(401, c.get("/api/providers", "made-up").status());
        String sf = c.token("smartflow");
        assertEquals(401, c.get("/api/providers", sf).status());
        assertEquals(200, c.get("/api/providers", c.token("miss")).status());
    }

    @Test
    void revokedTokensAre401AndANewTokenWorks() {
        String t = c.token("miss");
        assertEquals(200, c.get("/api/providers", t).status());
        Client.Res rev = c.admin("POST", "/_admin/tokens/revoke", null);
        assertEquals(200, rev.status());
        assertEquals(1, rev.json().get("revoked").asInt());
        assertEquals(401, c.get("/api/providers", t).status());
        assertEquals(200, c.get("/api/providers", c.token("miss")).status());
    }

    @Test
    void expiredTokenIs401() {
        try (SrsSimulator shortLived = SrsSimulator.start(SimulatorOptions.defaults().tokenTtlSeconds(1))) {
            Client s = new Client(shortLived.baseUrl());
            Client.Res r = s.tokenBasic(Client.ID, Client.SECRET, "grant_type=client_credentials&scope=miss");
            assertEquals(1, r.json().get("expires_in").asInt());
            String t = r.json().get("access_token").asText();
            Client.await("token expiry", () -> s.get("/api/providers", t).status() == 401);
            assertEquals(401, s.get("/api/providers", t).status());
        }
    }
}
