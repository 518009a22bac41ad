package ch.srsconnect.local.aws;

import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Run in a child JVM whose only AWS configuration is the environment ({@link EmbeddedAws#endpointEnvironment()}):
 * builds clients with no endpointOverride, no region and no credentials in code, and calls each service once.
 * Prints one line per service: {@code <service>=<result>}.
 */
public final class EndpointEnvProbe {
    private EndpointEnvProbe() {
    }

    public static void main(String[] args) {
        String secretId = args[0];
        try (SecretsManagerClient sm = SecretsManagerClient.builder().httpClient(UrlConnectionHttpClient.create()).build();
             EventBridgeClient eb = EventBridgeClient.builder().httpClient(UrlConnectionHttpClient.create()).build();
             DynamoDbClient ddb = DynamoDbClient.builder().httpClient(UrlConnectionHttpClient.create()).build();
             SqsClient sqs = SqsClient.builder().httpClient(UrlConnectionHttpClient.create()).build()) {
            System.out.println("secretsmanager=" + sm.getSecretValue(b -> b.secretId(secretId)).secretString());
            System.out.println("eventbridge=" + eb.describeEventBus(b -> { }).name());
            System.out.println("dynamodb=" + ddb.listTables().getClass().getSimpleName());
            System.out.println("sqs=" + sqs.listQueues().getClass().getSimpleName());
        }
    }
}
