package ch.srsconnect.local.aws;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;

import java.net.URI;

/**
 * One {@link EmbeddedAws} for every test class of the run: started by the first class that uses this
 * extension, closed by JUnit when the whole run ends (root store).
 */
public final class SharedAws implements BeforeAllCallback {

    private static volatile EmbeddedAws aws;

    @Override
    public void beforeAll(ExtensionContext context) {
        context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(SharedAws.class, k -> new Holder(), Holder.class);
    }

    /** The shared instance (the extension must have run). */
    public static EmbeddedAws aws() {
        EmbeddedAws a = aws;
        if (a == null) {
            throw new IllegalStateException("Annotate the test class with @ExtendWith(SharedAws.class)");
        }
        return a;
    }

    /** Configures an SDK v2 client builder the way the product does: light HTTP client, explicit endpoint. */
    public static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C client(B builder, URI endpoint) {
        return builder
                .httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(EmbeddedAws.ACCESS_KEY_ID, EmbeddedAws.SECRET_ACCESS_KEY)))
                .region(Region.of(aws().region()))
                .endpointOverride(endpoint)
                .build();
    }

    private static final class Holder implements ExtensionContext.Store.CloseableResource {
        Holder() {
            aws = EmbeddedAws.start();
            System.out.println("EmbeddedAws started in " + aws.startupTime().toMillis() + " ms: " + aws);
        }

        @Override
        public void close() {
            EmbeddedAws a = aws;
            aws = null;
            a.close();
        }
    }
}
