package ch.srsconnect.shared.store;

import java.net.URI;
import java.util.Map;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Builds the DynamoDB client once per container: explicit region, explicit light HTTP client, optional endpoint. */
public final class DynamoDbClients {

    public static final String ENDPOINT_ENV = "AWS_ENDPOINT_URL_DYNAMODB";
    public static final String REGION_ENV = "AWS_REGION";

    private DynamoDbClients() {
    }

    /**
     * @param env environment variables: {@code AWS_REGION} (required), {@code AWS_ENDPOINT_URL_DYNAMODB}
     *            (optional; set by the local runtime and tests, never in AWS)
     */
    public static DynamoDbClient fromEnvironment(Map<String, String> env) {
        String region = env.get(REGION_ENV);
        if (region == null || region.isBlank()) {
            throw new IllegalStateException(REGION_ENV + " is not set");
        }
        var builder = DynamoDbClient.builder()
                .region(Region.of(region))
                .httpClient(UrlConnectionHttpClient.create());
        String endpoint = env.get(ENDPOINT_ENV);
        if (endpoint != null && !endpoint.isBlank()) {
            builder.endpointOverride(URI.create(endpoint));
        }
        return builder.build();
    }
}
