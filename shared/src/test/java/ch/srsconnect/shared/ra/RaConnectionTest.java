package ch.srsconnect.shared.ra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.srsconnect.shared.config.Config;
import ch.srsconnect.shared.config.ConfigException;
import ch.srsconnect.shared.contract.RaAuth;
import ch.srsconnect.shared.token.CredentialsUnavailableException;
import ch.srsconnect.shared.token.InMemorySecretStore;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RaConnectionTest {

    @Test
    void raAuthDefaultsToMtlsAndRefusesAnUnknownMode() {
        assertEquals(RaAuth.MTLS, RaAuth.fromConfig(Config.of(Map.of())));
        assertEquals(RaAuth.BEARER, RaAuth.fromConfig(Config.of(Map.of("RA_AUTH", "Bearer"))));
        assertEquals(RaAuth.NONE, RaAuth.fromConfig(Config.of(Map.of("RA_AUTH", "none"))));
        ConfigException e = assertThrows(ConfigException.class, () -> RaAuth.fromConfig(Config.of(Map.of("RA_AUTH", "basic"))));
        assertTrue(e.getMessage().contains("RA_AUTH must be mtls, bearer or none"), e.getMessage());
    }

    @Test
    void anEmptyOrIncompleteCertificateSecretSaysWhatToPutThere() {
        InMemorySecretStore store = new InMemorySecretStore().put("empty", "{}").put("half", "{\"certificate\":\"x\"}")
                .put("junk", "not json").put("bad", "{\"certificate\":\"-----BEGIN CERTIFICATE-----\\nAAAA\\n-----END CERTIFICATE-----\","
                        + "\"privateKey\":\"secret-key-material\"}");
        assertTrue(fails(store, "empty").contains("RA client certificate secret empty is empty (RA_AUTH=mtls): put {\"certificate\""));
        assertTrue(fails(store, "missing").contains("is empty"));
        assertTrue(fails(store, "half").contains("needs both \"certificate\" and \"privateKey\""));
        assertTrue(fails(store, "junk").contains("is not JSON"));
        String bad = fails(store, "bad");
        assertTrue(bad.startsWith("RA client certificate secret bad: "), bad);
        assertTrue(!bad.contains("secret-key-material") && !bad.contains("AAAA"), "never the content: " + bad);
    }

    static String fails(InMemorySecretStore store, String id) {
        return assertThrows(CredentialsUnavailableException.class, () -> RaConnection.sslContext(store, id)).getMessage();
    }
}
