package ch.srsconnect.tests.polling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.srsconnect.orders.IdentificationsHandler;
import ch.srsconnect.shared.Platform;
import ch.srsconnect.shared.config.EnvVar;
import ch.srsconnect.shared.identification.Phase;
import ch.srsconnect.shared.polling.Polling;
import ch.srsconnect.shared.ra.RaClient;
import ch.srsconnect.simulator.SimulatorOptions;
import ch.srsconnect.simulator.SrsSimulator;
import ch.srsconnect.tests.TestEnvironment;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An order placed through the API reaches "can sign" with each RA authentication ({@code RaAuth}). The rest of the suite
 * runs the template's default, mtls, against the shared simulator's HTTPS RA; here bearer and none run against a
 * simulator whose RA wants exactly that, and mtls is shown to need the certificate: with the secret still empty the
 * lookup is an outage (nothing announced), and once the SP puts the certificate in, tracking goes on to can-sign
 * without a redeploy.
 */
class RaAuthModesTest {

    @ParameterizedTest
    @ValueSource(strings = {"bearer", "none"})
    void anOrderReachesCanSignWithTheRaAuthenticationTheRaWants(String mode) throws Exception {
        try (SrsSimulator sim = SrsSimulator.start(SimulatorOptions.defaults().port(0)
                .timeScale(TestEnvironment.TIME_SCALE).raAuth(mode));
             PollingWorld w = new PollingWorld("ra-" + mode, at(sim, mode), Polling.Wrap.NONE).start(2, true)) {
            PollingWorld.Order o = placeAndSucceed(w, sim);
            sim.acceptTerms(o.msisdn());
            w.awaitItem(o, "can sign", Duration.ofSeconds(120), i -> i.phase() == Phase.DONE);
            assertEquals(Boolean.TRUE, w.get(o).canSign());
            assertTrue(sim.stats().calls(RaClient.LOOKUP) > 0, "this simulator's RA was asked");
            w.assertConsistent(List.of(o));
        }
    }

    @Test
    void mtlsWithoutTheCertificateIsAnOutageUntilTheSpPutsItIn() throws Exception {
        TestEnvironment env = TestEnvironment.get();
        // its own simulator (the shared PKI): the shared one's RA also serves the local runtime's pollers of other tests
        try (SrsSimulator sim = SrsSimulator.start(SimulatorOptions.defaults().port(0).timeScale(TestEnvironment.TIME_SCALE)
                .raAuth("mtls").pkiDir(TestEnvironment.devPkiDirectory()))) {
            Map<String, String> overrides = new HashMap<>(at(sim, "mtls"));
            overrides.put(EnvVar.RA_CLIENT_CERTIFICATE_SECRET_ID,
                    env.createSecret("ra-mtls-empty-" + UUID.randomUUID(), "{}", "RaClientCertificateSecret"));
            try (PollingWorld w = new PollingWorld("ra-mtls-empty", overrides, Polling.Wrap.NONE).start(2, true)) {
                PollingWorld.Order o = placeAndSucceed(w, sim);
                sim.acceptTerms(o.msisdn());
                long before = sim.stats().calls(RaClient.LOOKUP);
                w.awaitItem(o, "looked up in vain", Duration.ofSeconds(120),
                        i -> i.phase() == Phase.LOOKUP && i.attempts() >= 2);
                assertNull(w.get(o).canSign(), "an unusable certificate secret says nothing about the user");
                assertEquals(before, sim.stats().calls(RaClient.LOOKUP), "no RA call without the certificate");
                assertEquals(List.of(), w.events(o).stream().filter(e -> !e.path("kind").asText().equals("STATUS")).toList());

                env.secretsManager().putSecretValue(b -> b.secretId(overrides.get(EnvVar.RA_CLIENT_CERTIFICATE_SECRET_ID))
                        .secretString(env.raClientCertificateSecret()));
                w.awaitItem(o, "can sign once the certificate is there", Duration.ofSeconds(180),
                        i -> i.phase() == Phase.DONE);
                assertEquals(Boolean.TRUE, w.get(o).canSign());
            }
        }
    }

    /** The world's functions pointed at {@code sim}, with {@code RA_AUTH=mode}. */
    static Map<String, String> at(SrsSimulator sim, String mode) {
        Map<String, String> m = new HashMap<>();
        m.put(EnvVar.SRS_BASE_URL, sim.baseUrl().toString());
        m.put(EnvVar.IDP_TOKEN_URL, sim.baseUrl().resolve("/oauth/token").toString());
        m.put(EnvVar.SMARTFLOWS_BASE_URL, sim.baseUrl().toString());
        m.put(EnvVar.RA_BASE_URL, sim.raBaseUrl().toString());
        m.put(EnvVar.RA_AUTH, mode);
        return m;
    }

    static PollingWorld.Order placeAndSucceed(PollingWorld w, SrsSimulator sim) throws Exception {
        IdentificationsHandler api = new IdentificationsHandler(Platform.fromConfig(w.config));
        String owner = "owner-" + UUID.randomUUID();
        String msisdn = PollingWorld.randomMsisdn();
        JsonNode created = ApiOrders.placeVideo(api, owner, msisdn);
        ApiOrders.choose(HttpClient.newHttpClient(), created.path("targetUrl").asText(), "success");
        return ApiOrders.order(created, msisdn, "test", "video");
    }
}
