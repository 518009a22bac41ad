package ch.srsconnect.tests.localstack;

import ch.srsconnect.shared.config.EnvVar;
import ch.srsconnect.shared.store.TableDefinition;
import ch.srsconnect.tests.TestEnvironment;
import org.testcontainers.containers.localstack.LocalStackContainer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import java.util.HashMap;
import java.util.Map;

/**
 * Secrets Manager and DynamoDB in a running LocalStack container, set up the way template.yaml sets up AWS: the
 * identification table from {@link TableDefinition}, and a function environment whose secrets and table live in
 * LocalStack while SRS stays the shared simulator.
 */
final class LocalStackAws implements AutoCloseable {

    private final LocalStackContainer localstack;
    private final SecretsManagerClient secretsManager;
    private final DynamoDbClient dynamo;
    private final String table;

    LocalStackAws(LocalStackContainer localstack, String table) {
        this.localstack = localstack;
        this.table = table;
        var credentials = StaticCredentialsProvider.create(
                AwsBasicCredentials.create(localstack.getAccessKey(), localstack.getSecretKey()));
        this.secretsManager = SecretsManagerClient.builder().httpClient(UrlConnectionHttpClient.create())
                .endpointOverride(localstack.getEndpoint()).region(Region.of(localstack.getRegion()))
                .credentialsProvider(credentials).build();
        this.dynamo = DynamoDbClient.builder().httpClient(UrlConnectionHttpClient.create())
                .endpointOverride(localstack.getEndpoint()).region(Region.of(localstack.getRegion()))
                .credentialsProvider(credentials).build();
        dynamo.createTable(TableDefinition.createTableRequest(table));
        dynamo.updateTimeToLive(TableDefinition.timeToLiveRequest(table));
    }

    SecretsManagerClient secretsManager() {
        return secretsManager;
    }

    DynamoDbClient dynamo() {
        return dynamo;
    }

    String createSecret(String name, String value) {
        return secretsManager.createSecret(r -> r.name(name).secretString(value)).arn();
    }

    /** A function's environment with its credentials, token caches and table in LocalStack, named after {@code scenario}. */
    Map<String, String> functionEnvironment(String name) {
        String scenario = name + "-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> vars = new HashMap<>(TestEnvironment.get().functionEnvironment("localstack-" + scenario));
        vars.put(EnvVar.SRS_CREDENTIALS_SECRET_ID, createSecret("srs-connect/" + scenario + "/credentials",
                "{\"clientId\":\"missswaggerclient\",\"clientSecret\":\"missswaggerclientsecret\"}"));
        vars.put(EnvVar.SRS_TOKEN_CACHE_SECRET_ID, createSecret("srs-connect/" + scenario + "/token-cache/miss", "{}"));
        vars.put(EnvVar.SMARTFLOWS_TOKEN_CACHE_SECRET_ID, createSecret("srs-connect/" + scenario + "/token-cache/smartflow", "{}"));
        vars.put(EnvVar.IDENTIFICATION_TABLE_NAME, table);
        vars.put(EnvVar.AWS_ENDPOINT_URL_SECRETS_MANAGER, localstack.getEndpoint().toString());
        vars.put(EnvVar.AWS_ENDPOINT_URL_DYNAMODB, localstack.getEndpoint().toString());
        vars.put(EnvVar.AWS_REGION, localstack.getRegion());
        vars.put(EnvVar.AWS_ACCESS_KEY_ID, localstack.getAccessKey());
        vars.put(EnvVar.AWS_SECRET_ACCESS_KEY, localstack.getSecretKey());
        return vars;
    }

    @Override
    public void close() {
        secretsManager.close();
        dynamo.close();
    }
}
