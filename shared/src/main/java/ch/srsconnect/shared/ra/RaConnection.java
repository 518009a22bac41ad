package ch.srsconnect.shared.ra;

import ch.srsconnect.shared.Lazy;
import ch.srsconnect.shared.Platform;
import ch.srsconnect.shared.config.EnvVar;
import ch.srsconnect.shared.contract.RaAuth;
import ch.srsconnect.shared.http.ClientTls;
import ch.srsconnect.shared.http.HttpCall;
import ch.srsconnect.shared.http.SwisscomHttp;
import ch.srsconnect.shared.json.Json;
import ch.srsconnect.shared.token.CredentialsUnavailableException;
import ch.srsconnect.shared.token.SecretStore;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;

/**
 * How RA calls travel, by {@link RaAuth}: the platform's HTTP stack with the SRS bearer token, without one, or over a
 * TLS client built from the SP's AIS client certificate. The mTLS client is built on the first RA call (no Secrets
 * Manager read during init) and kept for the container; while the secret is empty or unusable every call fails with
 * {@link CredentialsUnavailableException} (an outage to the poller, 503 to an API caller) and the secret is read again
 * on the next call, so putting the certificate in needs no redeploy.
 *
 * <p>Secret {@code RA_CLIENT_CERTIFICATE_SECRET_ID}: {@code {"certificate": "PEM, client certificate first, then its
 * chain", "privateKey": "PEM PKCS#8 or PKCS#1", "trustedCertificates": "optional PEM: CAs to trust for the RA
 * instead of the JDK's (only for a private CA such as the local simulator's)"}}.
 */
public final class RaConnection {
    private final RaAuth auth;
    private final Platform platform;
    /** The mTLS stack, built on the first RA call (Lazy: an unusable secret is read again next time). */
    private final Supplier<SwisscomHttp> mtls;

    private RaConnection(RaAuth auth, Platform platform, Supplier<SwisscomHttp> mtls) {
        this.auth = auth;
        this.platform = platform;
        this.mtls = mtls;
    }

    /** As {@code RA_AUTH} says (default {@link RaAuth#DEFAULT}). */
    public static RaConnection of(Platform platform) {
        RaAuth auth = platform.contract().raAuth();
        if (auth != RaAuth.MTLS) {
            return new RaConnection(auth, platform, null);
        }
        String secretId = platform.config().string(EnvVar.RA_CLIENT_CERTIFICATE_SECRET_ID);
        return new RaConnection(auth, platform, Lazy.of(() -> mtlsHttp(platform, secretId)));
    }

    public RaAuth auth() {
        return auth;
    }

    /** Sends {@code call} the way the RA wants it. */
    HttpCall authorize(HttpCall call) {
        return auth == RaAuth.BEARER ? call.bearer(platform.srsTokens()) : call;
    }

    SwisscomHttp http() {
        return auth == RaAuth.MTLS ? mtls.get() : platform.swisscomHttp();
    }

    private static SwisscomHttp mtlsHttp(Platform platform, String secretId) {
        SSLContext tls = sslContext(platform.secretStore(), secretId);
        SwisscomHttp http = platform.swisscomHttp().withTls(tls);
        platform.onRestore(http::reconnect);   // SnapStart: new connections after a restore
        return http;
    }

    static SSLContext sslContext(SecretStore secrets, String secretId) {
        String value = secrets.read(secretId).orElse("");
        if (value.isBlank() || value.trim().equals("{}")) {
            throw new CredentialsUnavailableException("RA client certificate secret " + secretId + " is empty (RA_AUTH=mtls):"
                    + " put {\"certificate\":\"<PEM>\",\"privateKey\":\"<PEM>\"} with aws secretsmanager put-secret-value");
        }
        JsonNode n;
        try {
            n = Json.parse(value);
        } catch (JsonProcessingException e) {
            throw new CredentialsUnavailableException("RA client certificate secret " + secretId + " is not JSON");
        }
        String certificate = n.path("certificate").asText("");
        String key = n.path("privateKey").asText("");
        if (certificate.isBlank() || key.isBlank()) {
            throw new CredentialsUnavailableException("RA client certificate secret " + secretId
                    + " needs both \"certificate\" and \"privateKey\" (PEM)");
        }
        try {
            return ClientTls.sslContext(certificate, key, n.path("trustedCertificates").asText(null));
        } catch (ClientTls.InvalidTlsMaterialException e) {
            throw new CredentialsUnavailableException("RA client certificate secret " + secretId + ": " + e.getMessage());
        }
    }

    @Override
    public String toString() {
        return "RaConnection[" + auth.wire() + "]";
    }
}
