package ch.srsconnect.tests.referenceaws;

import ch.srsconnect.shared.config.EnvVar;
import ch.srsconnect.shared.store.TableDefinition;
import ch.srsconnect.tests.TestEnvironment;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Secrets Manager and DynamoDB in the reference emulator ({@link ReferenceAws}: LocalStack or moto), set up the way
 * template.yaml sets up AWS: the identification table from {@link TableDefinition}, and a function environment whose
 * secrets and table live there while SRS stays the shared simulator.
 */
final class ReferenceAwsStack implements AutoCloseable {

    private final ReferenceAws.Backend aws;
    private final SecretsManagerClient secretsManager;
    private final DynamoDbClient dynamo;
    private final String table;

    ReferenceAwsStack(ReferenceAws.Backend aws, String table) {
        this.aws = aws;
        this.table = table;
        var credentials = StaticCredentialsProvider.create(
                AwsBasicCredentials.create(aws.accessKey(), aws.secretKey()));
        this.secretsManager = SecretsManagerClient.builder().httpClient(UrlConnectionHttpClient.create())
                .endpointOverride(aws.endpoint()).region(Region.of(aws.region()))
                .credentialsProvider(credentials).build();
        this.dynamo = DynamoDbClient.builder().httpClient(UrlConnectionHttpClient.create())
                .endpointOverride(aws.endpoint()).region(Region.of(aws.region()))
                .credentialsProvider(credentials).build();
        if (!dynamo.listTables().tableNames().contains(table)) {
            dynamo.createTable(TableDefinition.createTableRequest(table));
        }
        dynamo.updateTimeToLive(TableDefinition.timeToLiveRequest(table));
    }

    SecretsManagerClient secretsManager() {
        return secretsManager;
    }

    DynamoDbClient dynamo() {
        return dynamo;
    }

    /** A secret in the emulator that stands for template.yaml's {@code logicalId} (for the IAM coverage check). */
    String createSecret(String name, String value, String logicalId) {
        String arn = secretsManager.createSecret(r -> r.name(name).secretString(value)).arn();
        TestEnvironment.get().resources().secret(arn, logicalId);
        return arn;
    }

    /** A function's environment with its credentials, token caches and table in the emulator, named after {@code scenario}. */
    Map<String, String> functionEnvironment(String name) {
        String scenario = name + "-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> vars = new HashMap<>(TestEnvironment.get().functionEnvironment("reference-aws-" + scenario));
        vars.put(EnvVar.SRS_CREDENTIALS_SECRET_ID, createSecret("srs-connect/" + scenario + "/credentials",
                "{\"clientId\":\"missswaggerclient\",\"clientSecret\":\"missswaggerclientsecret\"}", "SrsCredentialsSecret"));
        vars.put(EnvVar.SRS_TOKEN_CACHE_SECRET_ID, createSecret("srs-connect/" + scenario + "/token-cache/miss", "{}", "SrsTokenCacheSecret"));
        vars.put(EnvVar.SMARTFLOWS_TOKEN_CACHE_SECRET_ID,
                createSecret("srs-connect/" + scenario + "/token-cache/smartflow", "{}", "SmartFlowsTokenCacheSecret"));
        vars.put(EnvVar.RA_CLIENT_CERTIFICATE_SECRET_ID, createSecret("srs-connect/" + scenario + "/ra-client-certificate",
                TestEnvironment.get().raClientCertificateSecret(), "RaClientCertificateSecret"));
        TestEnvironment.get().resources().table(table, "IdentificationTable");
        vars.put(EnvVar.IDENTIFICATION_TABLE_NAME, table);
        vars.put(EnvVar.AWS_ENDPOINT_URL_SECRETS_MANAGER, aws.endpoint().toString());
        vars.put(EnvVar.AWS_ENDPOINT_URL_DYNAMODB, aws.endpoint().toString());
        vars.put(EnvVar.AWS_REGION, aws.region());
        vars.put(EnvVar.AWS_ACCESS_KEY_ID, aws.accessKey());
        vars.put(EnvVar.AWS_SECRET_ACCESS_KEY, aws.secretKey());
        return vars;
    }

    @Override
    public void close() {
        secretsManager.close();
        dynamo.close();
    }
}
