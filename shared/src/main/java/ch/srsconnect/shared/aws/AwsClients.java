package ch.srsconnect.shared.aws;

import ch.srsconnect.shared.config.Config;
import ch.srsconnect.shared.config.EnvVar;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.time.Duration;

/**
 * Builds AWS SDK v2 clients the way every function needs them: one {@link UrlConnectionHttpClient} per
 * container (small, fast to load; on the JVM's default TLS context, as Swisscom's calls are), region from {@code AWS_REGION}, endpoint from
 * {@code AWS_ENDPOINT_URL_<SERVICE>} when set (local runtime, tests) — all read through {@link Config}
 * so tests can pass a map. Build each client once per container and reuse it.
 *
 * <p>Other modules configure their own service clients with {@link #configure}, e.g.
 * {@code AwsClients.configure(DynamoDbClient.builder(), config, EnvVar.AWS_ENDPOINT_URL_DYNAMODB)
 * .httpClient(AwsClients.httpClient()).build()}.
 */
public final class AwsClients {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(10);
    private static volatile SdkHttpClient sharedHttpClient;

    private AwsClients() {}

    /** The container's one SDK HTTP client (built on first use). */
    public static SdkHttpClient httpClient() {
        SdkHttpClient c = sharedHttpClient;
        if (c == null) {
            synchronized (AwsClients.class) {
                c = sharedHttpClient;
                if (c == null) {
                    c = UrlConnectionHttpClient.create(AwsClients::openConnection);
                    sharedHttpClient = c;
                }
            }
        }
        return c;
    }

    /**
     * A connection on the JVM's default TLS context, the one Swisscom's calls use too ({@code HttpTransport}): built
     * by the builder, the SDK's client made a second context of the same trust store, about 110 ms of init
     * (decision 0060). Timeouts as the builder would set them: connect 2 s, each read 10 s.
     */
    static HttpURLConnection openConnection(URI uri) {
        HttpURLConnection c;
        try {
            c = (HttpURLConnection) uri.toURL().openConnection();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        c.setConnectTimeout((int) CONNECT_TIMEOUT.toMillis());
        c.setReadTimeout((int) SOCKET_TIMEOUT.toMillis());
        return c;
    }

    public static SecretsManagerClient secretsManager(Config config) {
        return configure(SecretsManagerClient.builder(), config, EnvVar.AWS_ENDPOINT_URL_SECRETS_MANAGER)
                .httpClient(httpClient())
                .build();
    }

    /**
     * Region, credentials and endpoint override on any SDK client builder; in the local runtime and tests also the
     * {@link AwsCallRecorder} ({@value EnvVar#SRS_CONNECT_AWS_CALL_LOG}, never set in AWS).
     */
    public static <B extends AwsClientBuilder<B, ?>> B configure(B builder, Config config, String endpointVariable) {
        builder.region(Region.of(config.string(EnvVar.AWS_REGION)))
                .credentialsProvider(credentials(config));
        config.optionalUri(endpointVariable).ifPresent(builder::endpointOverride);
        if (config.optional(EnvVar.SRS_CONNECT_AWS_CALL_LOG).isPresent()) {   // never in AWS: the class stays unloaded
            AwsCallRecorder.fromConfig(config).ifPresent(recorder ->
                    builder.overrideConfiguration(o -> o.addExecutionInterceptor(recorder)));
        }
        return builder;
    }

    /**
     * Credentials. On Lambda the execution role's credentials are in the environment, and
     * {@link EnvironmentVariableCredentialsProvider} reads them directly — skipping the default chain's
     * probing (profile files, container/IMDS endpoints) that costs cold-start time. Under SnapStart
     * ({@code AWS_LAMBDA_INITIALIZATION_TYPE=snap-start}) credentials read into a snapshot would expire in its
     * restored copies, and Lambda serves them from the container credentials endpoint instead: then
     * {@link ContainerCredentialsProvider}, which refreshes them before they expire (decision 0056).
     *
     * <p>A {@link Config#of(java.util.Map) map configuration} that carries {@code AWS_ACCESS_KEY_ID} and
     * {@code AWS_SECRET_ACCESS_KEY} (tests, local runtime) gets static credentials from the map.
     */
    public static AwsCredentialsProvider credentials(Config config) {
        var id = config.optional(EnvVar.AWS_ACCESS_KEY_ID);
        var secret = config.optional(EnvVar.AWS_SECRET_ACCESS_KEY);
        if (id.isPresent() && secret.isPresent() && !id.get().equals(System.getenv(EnvVar.AWS_ACCESS_KEY_ID))) {
            var session = config.optional(EnvVar.AWS_SESSION_TOKEN);
            return StaticCredentialsProvider.create(session.isPresent()
                    ? AwsSessionCredentials.create(id.get(), secret.get(), session.get())
                    : AwsBasicCredentials.create(id.get(), secret.get()));
        }
        if (snapStart(config)) {
            return ContainerCredentialsProvider.builder().build();
        }
        return EnvironmentVariableCredentialsProvider.create();
    }

    /** This container initializes for a SnapStart snapshot. */
    private static boolean snapStart(Config config) {
        return config.optional(EnvVar.AWS_LAMBDA_INITIALIZATION_TYPE).filter("snap-start"::equals).isPresent();
    }
}
