package ch.srsconnect.tests.referenceaws;

import ch.srsconnect.methods.ListMethodsHandler;
import ch.srsconnect.shared.Platform;
import ch.srsconnect.shared.config.Config;
import ch.srsconnect.shared.config.EnvVar;
import ch.srsconnect.shared.json.Json;
import ch.srsconnect.tests.HttpApiEvents;
import ch.srsconnect.tests.TestEnvironment;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
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
 * The list-methods scenario with the token cache in a reference emulator's Secrets Manager ({@link ReferenceAws}:
 * LocalStack where Docker runs, else moto) instead of the stand-in: the same handler code, only the endpoint differs.
 */
class ReferenceAwsListMethodsTest {

    private static ReferenceAws.Backend aws;
    private static SecretsManagerClient secretsManager;

    @BeforeAll
    static void client() {
        aws = ReferenceAws.require();
        secretsManager = SecretsManagerClient.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .endpointOverride(aws.endpoint())
                .region(Region.of(aws.region()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(aws.accessKey(), aws.secretKey())))
                .build();
    }

    @AfterAll
    static void close() {
        if (secretsManager != null) {
            secretsManager.close();
        }
    }

    @Test
    void listsZertesLoa4MethodsWithTheTokenCachedInTheReferenceEmulator() throws Exception {
        TestEnvironment env = TestEnvironment.get();
        Map<String, String> vars = new HashMap<>(env.functionEnvironment("reference-aws"));
        String credentials = secretsManager.createSecret(r -> r.name("srs-connect/" + UUID.randomUUID() + "/credentials")
                .secretString("{\"clientId\":\"missswaggerclient\",\"clientSecret\":\"missswaggerclientsecret\"}")).arn();
        String cache = secretsManager.createSecret(r -> r.name("srs-connect/" + UUID.randomUUID() + "/token-cache/miss").secretString("{}")).arn();
        env.resources().secret(credentials, "SrsCredentialsSecret");
        env.resources().secret(cache, "SrsTokenCacheSecret");
        vars.put(EnvVar.SRS_CREDENTIALS_SECRET_ID, credentials);
        vars.put(EnvVar.SRS_TOKEN_CACHE_SECRET_ID, cache);
        vars.put(EnvVar.AWS_ENDPOINT_URL_SECRETS_MANAGER, aws.endpoint().toString());
        vars.put(EnvVar.AWS_REGION, aws.region());
        vars.put(EnvVar.AWS_ACCESS_KEY_ID, aws.accessKey());
        vars.put(EnvVar.AWS_SECRET_ACCESS_KEY, aws.secretKey());

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
        assertTrue(cached.hasNonNull("accessToken") && cached.path("expiresAt").asLong() > 0, "token cached in " + aws.name());
    }
}
