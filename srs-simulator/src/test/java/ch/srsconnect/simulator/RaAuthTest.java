package ch.srsconnect.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The RA's authentication modes: mTLS refuses anything but a client certificate of the dev CA. */
class RaAuthTest {
    static final String LOOKUP = "{\"msisdn\":\"41790000077\"}";
    static Path pkis;
    static SrsSimulator mtls;

    @BeforeAll
    static void start() throws IOException {
        pkis = Files.createTempDirectory("ra-auth-test");
        mtls = SrsSimulator.start(SimulatorOptions.defaults().raAuth("mtls").pkiDir(pkis.resolve("pki")));
    }

    @AfterAll
    static void stop() {
        mtls.close();
    }

    @Test
    void mtlsAcceptsTheDevPkisClientCertificateOverHttps() throws Exception {
        assertTrue(mtls.raBaseUrl().toString().startsWith("https://127.0.0.1:"), mtls.raBaseUrl().toString());
        DevPki pki = mtls.devPki().orElseThrow();
        long before = mtls.stats().calls("POST /api/evidences/lookup");
        HttpResponse<String> r = lookup(client(pki, pki), mtls.raBaseUrl(), null);
        assertEquals(404, r.statusCode(), "authenticated; no evidence for that number: " + r.body());
        assertEquals(before + 1, mtls.stats().calls("POST /api/evidences/lookup"), "served by the simulator's RA");
    }

    @Test
    void mtlsRefusesPlainHttpEvenWithAToken() throws Exception {
        String token = new Client(mtls.baseUrl()).token("miss");
        HttpResponse<String> r = lookup(HttpClient.newHttpClient(), mtls.baseUrl(), token);
        assertEquals(403, r.statusCode());
        assertTrue(r.body().contains("client_certificate_required"), r.body());
    }

    @Test
    void mtlsRefusesTheHandshakeWithoutACertificateOrWithAnotherCasOne() throws Exception {
        DevPki pki = mtls.devPki().orElseThrow();
        SSLContext trustOnly = SSLContext.getInstance("TLS");
        trustOnly.init(null, trustManagers(pki), null);
        HttpClient anonymous = HttpClient.newBuilder().sslContext(trustOnly).build();
        assertThrows(IOException.class, () -> lookup(anonymous, mtls.raBaseUrl(), null));

        DevPki stranger = DevPki.ensure(pkis.resolve("other"));
        assertThrows(IOException.class, () -> lookup(client(stranger, pki), mtls.raBaseUrl(), null));
    }

    @Test
    void theDevPkiIsGeneratedOnceAndReused() throws Exception {
        DevPki again = DevPki.ensure(mtls.devPki().orElseThrow().directory());
        assertEquals(mtls.devPki().orElseThrow().caPem(), again.caPem(), "the same CA: clients holding its secret keep working");
        assertTrue(again.clientSecretJson().contains("PRIVATE KEY"));
    }

    @Test
    void bearerNeedsTheSrsTokenAndNoneNeedsNothing() throws Exception {
        try (SrsSimulator bearer = SrsSimulator.start(SimulatorOptions.defaults().raAuth("bearer"));
             SrsSimulator none = SrsSimulator.start(SimulatorOptions.defaults().raAuth("none"))) {
            assertEquals(bearer.baseUrl(), bearer.raBaseUrl());
            HttpClient http = HttpClient.newHttpClient();
            assertEquals(401, lookup(http, bearer.baseUrl(), null).statusCode());
            assertEquals(404, lookup(http, bearer.baseUrl(), new Client(bearer.baseUrl()).token("miss")).statusCode());
            assertEquals(404, lookup(http, none.baseUrl(), null).statusCode());
            assertTrue(none.devPki().isEmpty());
        }
    }

    @Test
    void anUnknownModeIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> SimulatorOptions.defaults().raAuth("basic"));
    }

    static HttpResponse<String> lookup(HttpClient http, URI base, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve("/api/evidences/lookup"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(LOOKUP));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A client presenting {@code identity}'s client certificate (from its PEM, as an SP has it) and trusting {@code server}'s CA. */
    static HttpClient client(DevPki identity, DevPki server) throws Exception {
        CertificateFactory cf = CertificateFactory.getInstance("X.509");
        List<Certificate> chain = List.copyOf(cf.generateCertificates(
                new ByteArrayInputStream(identity.clientCertificatePem().getBytes(StandardCharsets.US_ASCII))));
        String key = identity.clientPrivateKeyPem().replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        PrivateKey pk = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(key)));
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("client", pk, new char[0], chain.toArray(Certificate[]::new));
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, new char[0]);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), trustManagers(server), null);
        return HttpClient.newBuilder().sslContext(ctx).build();
    }

    static TrustManager[] trustManagers(DevPki pki) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(pki.caPem().getBytes(StandardCharsets.US_ASCII))));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        return tmf.getTrustManagers();
    }
}
