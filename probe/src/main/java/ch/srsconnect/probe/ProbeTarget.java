package ch.srsconnect.probe;

import ch.srsconnect.shared.Platform;
import ch.srsconnect.shared.config.Config;
import ch.srsconnect.shared.config.EnvVar;
import ch.srsconnect.shared.json.Json;
import ch.srsconnect.shared.token.InMemorySecretStore;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;

/**
 * Where the probe points and with what: the four Swisscom base URLs, the credentials, the RA client certificate, and
 * the product settings under test (RaAuth, IdpClientAuth, SwisscomAcceptOverrides as their environment variables).
 * Secrets stay in memory (an in-memory secret store behind the product's own platform); they are never printed.
 *
 * @param production only read-only calls (no order, no callback, no cancel)
 * @param msisdn     the number to look up at the RA and Smart Flows (the SP's own test number), or null
 */
record ProbeTarget(URI idpTokenUrl, URI srs, URI ra, URI smartFlows, String clientId, String clientSecret,
                   String raCertificateJson, Map<String, String> settings, boolean production, String msisdn) {

    static final String CREDENTIALS = "probe/credentials";
    static final String RA_CERTIFICATE = "probe/ra-client-certificate";

    ProbeTarget {
        settings = Map.copyOf(settings);
    }

    /** The product's platform for these settings, with {@code overrides} (an alternative being tried) on top. */
    Platform platform(Map<String, String> overrides) {
        Map<String, String> env = new HashMap<>();
        env.put(EnvVar.SRS_BASE_URL, srs.toString());
        env.put(EnvVar.IDP_TOKEN_URL, idpTokenUrl.toString());
        env.put(EnvVar.RA_BASE_URL, ra.toString());
        env.put(EnvVar.SMARTFLOWS_BASE_URL, smartFlows.toString());
        env.put(EnvVar.SRS_CREDENTIALS_SECRET_ID, CREDENTIALS);
        env.put(EnvVar.SRS_TOKEN_CACHE_SECRET_ID, "probe/token-cache/miss");
        env.put(EnvVar.SMARTFLOWS_TOKEN_CACHE_SECRET_ID, "probe/token-cache/smartflow");
        env.put(EnvVar.RA_CLIENT_CERTIFICATE_SECRET_ID, RA_CERTIFICATE);
        env.put(EnvVar.SRS_MAX_ATTEMPTS, "1");   // one answer per question: the probe reports, it does not ride out outages
        env.putAll(settings);
        env.putAll(overrides);
        ObjectNode creds = Json.object().put("clientId", clientId).put("clientSecret", clientSecret);
        InMemorySecretStore secrets = new InMemorySecretStore().put(CREDENTIALS, creds.toString());
        secrets.put(RA_CERTIFICATE, raCertificateJson == null ? "{}" : raCertificateJson);
        return Platform.withSecretStore(Config.of(env), secrets);
    }

    String setting(String name, String fallback) {
        return settings.getOrDefault(name, fallback);
    }
}
