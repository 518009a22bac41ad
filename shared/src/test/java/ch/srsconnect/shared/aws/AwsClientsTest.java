package ch.srsconnect.shared.aws;

import ch.srsconnect.shared.config.Config;
import ch.srsconnect.shared.config.ConfigException;
import ch.srsconnect.shared.testing.FakeServer;
import ch.srsconnect.shared.testing.FakeServer.Response;
import ch.srsconnect.shared.token.SecretStoreException;
import ch.srsconnect.shared.token.SecretsManagerStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import java.net.HttpURLConnection;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import javax.net.ssl.HttpsURLConnection;

import static org.junit.jupiter.api.Assertions.*;

/** The SDK client built from a Config map talks to the endpoint override, signs for the configured region. */
class AwsClientsTest {
    final FakeServer sm = new FakeServer();
    final Map<String, String> secrets = new ConcurrentHashMap<>();

    @AfterEach
    void stop() {
        sm.close();
    }

    Config config() {
        return Config.of(Map.of("AWS_REGION", "eu-central-2",
                "AWS_ENDPOINT_URL_SECRETS_MANAGER", sm.uri("").toString(),
                "AWS_ACCESS_KEY_ID", "AKIDTEST", "AWS_SECRET_ACCESS_KEY", "test-secret-key"));
    }

    /** Minimal Secrets Manager JSON 1.1 protocol stand-in. */
    void serve() {
        sm.on("/", r -> {
            String target = r.header("X-Amz-Target");
            var body = ch.srsconnect.shared.json.Json.MAPPER.createObjectNode();
            try {
                var req = ch.srsconnect.shared.json.Json.parse(r.body());
                String id = req.get("SecretId").asText();
                if (id.equals("denied")) {
                    return Response.json(400, "{\"__type\":\"AccessDeniedException\",\"message\":\"no\"}");
                }
                if ("secretsmanager.GetSecretValue".equals(target)) {
                    if (!secrets.containsKey(id)) {
                        return Response.json(400, "{\"__type\":\"ResourceNotFoundException\",\"message\":\"not found\"}");
                    }
                    body.put("ARN", "arn:aws:secretsmanager:eu-central-2:000000000000:secret:" + id)
                            .put("Name", id).put("SecretString", secrets.get(id)).put("VersionId", "v1");
                } else if ("secretsmanager.PutSecretValue".equals(target)) {
                    secrets.put(id, req.get("SecretString").asText());
                    body.put("ARN", "arn").put("Name", id).put("VersionId", "v2");
                } else {
                    return Response.json(400, "{\"__type\":\"InvalidRequestException\",\"message\":\"op\"}");
                }
            } catch (Exception e) {
                return Response.status(500);
            }
            return new Response(200, Map.of("Content-Type", "application/x-amz-json-1.1"), body.toString(), false, false);
        });
    }

    @Test
    void secretsManagerClientUsesEndpointOverrideRegionAndMapCredentials() {
        serve();
        secrets.put("srs/credentials", "{\"clientId\":\"a\",\"clientSecret\":\"b\"}");
        try (SecretsManagerClient client = AwsClients.secretsManager(config())) {
            SecretsManagerStore store = new SecretsManagerStore(client);
            assertEquals(Optional.of("{\"clientId\":\"a\",\"clientSecret\":\"b\"}"), store.read("srs/credentials"));
            assertEquals(Optional.empty(), store.read("missing"));
            store.write("srs/token-cache", "{\"accessToken\":\"t\",\"expiresAt\":1}");
            assertEquals("{\"accessToken\":\"t\",\"expiresAt\":1}", secrets.get("srs/token-cache"));
            SecretStoreException e = assertThrows(SecretStoreException.class, () -> store.read("denied"));
            assertTrue(e.getMessage().contains("denied") && e.getMessage().contains("AccessDeniedException"), e.getMessage());
        }
        String auth = sm.requests().get(0).header("Authorization");
        assertTrue(auth.contains("Credential=AKIDTEST/"), auth);
        assertTrue(auth.contains("/eu-central-2/secretsmanager/aws4_request"), auth);
    }

    @Test
    void regionIsRequiredAndCredentialsComeFromTheEnvironmentUnlessTheMapHasThem() {
        ConfigException e = assertThrows(ConfigException.class, () -> AwsClients.secretsManager(Config.of(Map.of())));
        assertEquals("AWS_REGION", e.variable());
        assertInstanceOf(StaticCredentialsProvider.class, AwsClients.credentials(config()));
        assertInstanceOf(EnvironmentVariableCredentialsProvider.class, AwsClients.credentials(Config.of(Map.of())));
        assertInstanceOf(ContainerCredentialsProvider.class, AwsClients.credentials(
                Config.of(Map.of("AWS_LAMBDA_INITIALIZATION_TYPE", "snap-start"))), "SnapStart: credentials that refresh");
        assertInstanceOf(EnvironmentVariableCredentialsProvider.class, AwsClients.credentials(
                Config.of(Map.of("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand"))));
        assertSame(AwsClients.httpClient(), AwsClients.httpClient(), "one SDK HTTP client per container");
    }

    @Test
    void sdkConnectionsUseTheJvmsDefaultTlsContextAndTheTimeoutsTheBuilderSet() {
        HttpURLConnection https = AwsClients.openConnection(URI.create("https://secretsmanager.eu-central-2.amazonaws.com/"));
        assertInstanceOf(HttpsURLConnection.class, https);
        assertSame(HttpsURLConnection.getDefaultSSLSocketFactory(), ((HttpsURLConnection) https).getSSLSocketFactory(),
                "one TLS context in the container, shared with HttpTransport");
        assertEquals(2_000, https.getConnectTimeout());
        assertEquals(10_000, https.getReadTimeout());
        assertFalse(AwsClients.openConnection(URI.create("http://localhost:1/")) instanceof HttpsURLConnection);
    }
}
