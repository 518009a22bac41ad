package ch.srsconnect.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** As SRS's preprod (guide §4): a mock order shows the tester's choice only once the callback pulled it. */
class MockOrderCallbackTest {
    SrsSimulator sim;
    Client c;
    String token;

    @BeforeEach
    void start() {
        sim = SrsSimulator.start(SimulatorOptions.defaults().timeScale(6000));
        c = new Client(sim.baseUrl());
        token = c.token("miss");
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    List<String> statuses(String path) {
        Client.Res r = c.get(path, token);
        assertEquals(200, r.status(), r.body());
        return OrdersTest.statuses(r.json());
    }

    @Test
    void aMockOrderChangesOnlyThroughTheCallback() {
        String refId = c.post("/api/providers/test/video", token, Client.PROVIDER_TYPE, "{\"mobile\":\"+41790000031\"}")
                .json().get("refId").asText();
        assertEquals(200, c.post("/ipsp/" + refId, null, "application/x-www-form-urlencoded", "outcome=success").status());
        // the mock issuer's own page shows the whole success lifecycle happening (time scale 6000)
        Client.await("terminated at the mock issuer",
                () -> c.get("/ipsp/" + refId, null).body().contains("<b id=\"status\">terminated</b>"));
        assertEquals(List.of("created", "initialized"), statuses("/api/identifications/" + refId), "no callback yet");
        List<String> pulled = statuses("/api/identifications/" + refId + "/callback");
        assertEquals("terminated", pulled.getLast(), pulled.toString());
        assertEquals(pulled, statuses("/api/identifications/" + refId), "a GET now shows what the callback pulled");
    }

    @Test
    void aRealIssuersOrderAndACancelNeedNoCallback() throws Exception {
        String real = c.post("/api/providers/intrum-video/video", token, Client.PROVIDER_TYPE,
                "{\"firstName\":\"Anna\",\"lastName\":\"Muster\",\"mobile\":\"+41790000032\"}").json().get("refId").asText();
        sim.complete(real, Outcome.SUCCESS, null);
        Client.await("terminated", () -> statuses("/api/identifications/" + real).contains("terminated"));

        String mock = c.post("/api/providers/test/video", token, Client.PROVIDER_TYPE, "{\"mobile\":\"+41790000033\"}")
                .json().get("refId").asText();
        assertEquals(204, c.delete("/api/identifications/" + mock, token).status());
        assertEquals("canceled", statuses("/api/identifications/" + mock).getLast(), "SRS canceled it itself");
    }

    @Test
    void withoutTheStrictnessEveryGetShowsTheOutcome() throws Exception {
        try (SrsSimulator lax = SrsSimulator.start(SimulatorOptions.defaults().timeScale(6000).mockOrdersNeedCallback(false))) {
            Client l = new Client(lax.baseUrl());
            String t = l.token("miss");
            String refId = l.post("/api/providers/test/video", t, Client.PROVIDER_TYPE, "{\"mobile\":\"+41790000034\"}")
                    .json().get("refId").asText();
            l.post("/ipsp/" + refId, null, "application/x-www-form-urlencoded", "outcome=success");
            Client.await("terminated", () -> OrdersTest.statuses(l.get("/api/identifications/" + refId, t).json()).contains("terminated"));
        }
    }
}
