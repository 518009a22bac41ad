package ch.srsconnect.tests.localstack;

import ch.srsconnect.methods.ListMethodsHandler;
import ch.srsconnect.shared.Platform;
import ch.srsconnect.shared.config.Config;
import ch.srsconnect.shared.config.EnvVar;
import ch.srsconnect.shared.json.Json;
import ch.srsconnect.tests.HttpApiEvents;
import ch.srsconnect.tests.TestEnvironment;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.localstack.LocalStackContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The list-methods scenario with the token cache in LocalStack's Secrets Manager instead of the stand-in: the
 * same handler code, only the endpoint differs. Skipped where no Docker engine runs (these machines have none).
 * The image tag is pinned: LocalStack's {@code latest} needs an auth token since March 2026.
 */
@Testcontainers(disabledWithoutDocker = true)
class LocalStackListMethodsTest {

    static final DockerImageName IMAGE = DockerImageName.parse("localstack/localstack:4.4.0");

    @Container
    static final LocalStackContainer LOCALSTACK = new LocalStackContainer(IMAGE)
            .withServices(LocalStackContainer.Service.SECRETSMANAGER);

    private static SecretsManagerClient secretsManager;

    @BeforeAll
    static void client() {
        secretsManager = SecretsManagerClient.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .endpointOverride(LOCALSTACK.getEndpoint())
                .region(Region.of(LOCALSTACK.getRegion()))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(LOCALSTACK.getAccessKey(), LOCALSTACK.getSecretKey())))
                .build();
    }

    @AfterAll
    static void close() {
        if (secretsManager != null) {
            secretsManager.close();
        }
    }

    @Test
    void listsZertesLoa4MethodsWithTheTokenCachedInLocalStack() throws Exception {
        TestEnvironment env = TestEnvironment.get();
        Map<String, String> vars = new HashMap<>(env.functionEnvironment("localstack"));
        String credentials = secretsManager.createSecret(r -> r.name("srs-connect/credentials")
                .secretString("{\"clientId\":\"missswaggerclient\",\"clientSecret\":\"missswaggerclientsecret\"}")).arn();
        String cache = secretsManager.createSecret(r -> r.name("srs-connect/token-cache/miss").secretString("{}")).arn();
        vars.put(EnvVar.SRS_CREDENTIALS_SECRET_ID, credentials);
        vars.put(EnvVar.SRS_TOKEN_CACHE_SECRET_ID, cache);
        vars.put(EnvVar.AWS_ENDPOINT_URL_SECRETS_MANAGER, LOCALSTACK.getEndpoint().toString());
        vars.put(EnvVar.AWS_REGION, LOCALSTACK.getRegion());
        vars.put(EnvVar.AWS_ACCESS_KEY_ID, LOCALSTACK.getAccessKey());
        vars.put(EnvVar.AWS_SECRET_ACCESS_KEY, LOCALSTACK.getSecretKey());

        ListMethodsHandler handler = new ListMethodsHandler(Platform.fromConfig(Config.of(vars)));
        APIGatewayV2HTTPResponse response = handler.handleRequest(
                HttpApiEvents.get("GET /methods", "/methods", "jurisdiction=ZERTES&loa=4", "alice"), null);

        assertEquals(200, response.getStatusCode(), response.getBody());
        TreeSet<String> keys = new TreeSet<>();
        for (JsonNode m : Json.MAPPER.readTree(response.getBody()).path("methods")) {
            keys.add(m.path("issuer").asText() + "/" + m.path("method").asText());
        }
        assertEquals(new TreeSet<>(java.util.List.of("intrum-autoident/autoident", "intrum-video/video", "test/video")), keys);
        JsonNode cached = Json.MAPPER.readTree(secretsManager.getSecretValue(r -> r.secretId(cache)).secretString());
        assertTrue(cached.hasNonNull("accessToken") && cached.path("expiresAt").asLong() > 0, "token cached in LocalStack");
    }
}
