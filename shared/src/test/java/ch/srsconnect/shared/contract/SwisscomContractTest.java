package ch.srsconnect.shared.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.srsconnect.shared.config.Config;
import ch.srsconnect.shared.config.ConfigException;
import ch.srsconnect.shared.http.HttpSettings;
import ch.srsconnect.shared.http.HttpTransport;
import ch.srsconnect.shared.http.SwisscomHttp;
import ch.srsconnect.shared.ra.RaClient;
import ch.srsconnect.shared.smartflows.SmartFlowsClient;
import ch.srsconnect.shared.srs.SrsClient;
import ch.srsconnect.shared.testing.FakeServer;
import ch.srsconnect.shared.token.ClientCredentials;
import ch.srsconnect.shared.token.IdpClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SwisscomContractTest {

    @Test
    void everyCallTheClientsMakeHasItsAcceptInTheTable() {
        List<String> calls = List.of(SrsClient.LIST_PROVIDERS, SrsClient.PLACE_ORDER, SrsClient.GET_IDENTIFICATION,
                SrsClient.TEST_CALLBACK, SrsClient.CANCEL_IDENTIFICATION, RaClient.LOOKUP, SmartFlowsClient.SEND_OTP,
                SmartFlowsClient.CHECK_OTP, SmartFlowsClient.EVIDENCE_STATUS, SmartFlowsClient.TERMS_LINK,
                SmartFlowsClient.CONFIRM, SmartFlowsClient.TERMS_STATUS, "POST /oauth/token");
        assertEquals(List.copyOf(SwisscomContract.DEFAULT_ACCEPT.keySet()).stream().sorted().toList(), calls.stream().sorted().toList());
        assertEquals(SwisscomContract.PROVIDER_V1, SwisscomContract.DEFAULTS.acceptFor(SrsClient.PLACE_ORDER), "Postman sample");
        assertEquals("application/json", SwisscomContract.DEFAULTS.acceptFor(SmartFlowsClient.EVIDENCE_STATUS), "Smart Flows guide");
        assertEquals("*/*", SwisscomContract.DEFAULTS.acceptFor(SrsClient.GET_IDENTIFICATION), "as the sample's client sends it");
    }

    @Test
    void defaultsAndOverridesComeFromConfiguration() {
        SwisscomContract d = SwisscomContract.fromConfig(Config.of(Map.of()));
        assertEquals(SwisscomContract.DEFAULTS, d);
        SwisscomContract c = SwisscomContract.fromConfig(Config.of(Map.of("IDP_CLIENT_AUTH", "FORM", "RA_AUTH", "bearer",
                "SRS_TEST_CALLBACK", "false", "SWISSCOM_ACCEPT", "GET /api/providers=application/json; POST /api/evidences/lookup=application/vnd.sc.ras.evidence.v1+json")));
        assertEquals(SwisscomContract.IdpClientAuth.FORM, c.idpClientAuth());
        assertEquals(RaAuth.BEARER, c.raAuth());
        assertEquals(false, c.testCallback());
        assertEquals("application/json", c.acceptFor(SrsClient.LIST_PROVIDERS));
        assertEquals("application/vnd.sc.ras.evidence.v1+json", c.acceptFor(RaClient.LOOKUP));
        assertEquals(SwisscomContract.PROVIDER_V1, c.acceptFor(SrsClient.PLACE_ORDER), "untouched entries keep their default");
    }

    @Test
    void aWrongSettingNamesTheVariable() {
        assertTrue(assertThrows(ConfigException.class, () -> SwisscomContract.fromConfig(Config.of(Map.of("IDP_CLIENT_AUTH", "mtls"))))
                .getMessage().contains("IDP_CLIENT_AUTH must be basic or form"));
        assertTrue(assertThrows(ConfigException.class, () -> SwisscomContract.fromConfig(Config.of(Map.of("SWISSCOM_ACCEPT", "GET /nope=a/b"))))
                .getMessage().contains("SWISSCOM_ACCEPT"));
        assertThrows(ConfigException.class, () -> SwisscomContract.fromConfig(Config.of(Map.of("SWISSCOM_ACCEPT", "GET /api/providers"))));
    }

    @Test
    void theIdpGetsTheCredentialsAsBasicOrAsFormFieldsAndEveryCallItsAccept() {
        List<FakeServer.Request> seen = new ArrayList<>();
        try (FakeServer idp = new FakeServer().on("/oauth/token", r -> {
            seen.add(r);
            return FakeServer.Response.json(200, "{\"access_token\":\"t\",\"expires_in\":60}");
        })) {
            ClientCredentials creds = new ClientCredentials("sp id", "s&cret");
            for (String mode : List.of("basic", "form")) {
                HttpSettings settings = HttpSettings.fromConfig(Config.of(Map.of("IDP_CLIENT_AUTH", mode)));
                new IdpClient(new SwisscomHttp(HttpTransport.of(settings), settings), idp.uri("/oauth/token"))
                        .fetch(creds, "miss");
            }
        }
        FakeServer.Request basic = seen.get(0);
        assertEquals("Basic c3AraWQ6cyUyNmNyZXQ=", basic.header("Authorization"), "URL-encoded id:secret (RFC 6749 §2.3.1)");
        assertEquals("grant_type=client_credentials&scope=miss", basic.body());
        FakeServer.Request form = seen.get(1);
        assertNull(form.header("Authorization"));
        assertEquals("grant_type=client_credentials&scope=miss&client_id=sp+id&client_secret=s%26cret", form.body());
        seen.forEach(r -> assertEquals("*/*", r.header("Accept")));
    }
}
