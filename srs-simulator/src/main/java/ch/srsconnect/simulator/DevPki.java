package ch.srsconnect.simulator;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A development PKI for the simulator's mTLS RA: a CA, a server certificate for localhost/127.0.0.1 and a client
 * certificate standing for an SP's AIS certificate. Generated with the JDK's {@code keytool} on first use into
 * {@code dir} (never committed: it lives under the build or work directory) and reused afterwards.
 *
 * <p>The client side gets PEM text, as an SP would put it into the RA client certificate secret.
 */
public final class DevPki {
    static final char[] PASSWORD = "srs-connect-dev".toCharArray();
    /** One keystore: keytool signs only with a key of the same keystore. Aliases ca, server, client. */
    private static final String STORE = "dev-pki.p12";

    private final Path dir;

    private DevPki(Path dir) {
        this.dir = dir;
    }

    /** The PKI in {@code dir}, generated there first if it is not complete. */
    public static synchronized DevPki ensure(Path dir) {
        DevPki pki = new DevPki(dir);
        if (!Files.isRegularFile(dir.resolve(STORE))) {
            pki.generate();
        }
        pki.writeSecretFile();
        return pki;
    }

    public Path directory() {
        return dir;
    }

    /** The CA certificate (PEM): what a client trusts for the simulator's RA. */
    public String caPem() {
        return certificatePem("ca");
    }

    /** The client certificate (PEM) followed by the CA's. */
    public String clientCertificatePem() {
        return certificatePem("client") + caPem();
    }

    /** The client's private key, PKCS#8 PEM. */
    public String clientPrivateKeyPem() {
        try {
            return pem("PRIVATE KEY", load().getKey("client", PASSWORD).getEncoded());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("dev PKI client key unreadable in " + dir, e);
        }
    }

    /** The RA client certificate secret's value for this PKI (see the product's RaConnection). */
    public String clientSecretJson() {
        return "{\"certificate\":" + Http.JSON.valueToTree(clientCertificatePem())
                + ",\"privateKey\":" + Http.JSON.valueToTree(clientPrivateKeyPem())
                + ",\"trustedCertificates\":" + Http.JSON.valueToTree(caPem()) + "}";
    }

    /** {@value #SECRET_FILE} in the directory: the RA client certificate secret's value, for a probe or a deploy test. */
    public static final String SECRET_FILE = "ra-client-certificate.json";

    public Path secretFile() {
        return dir.resolve(SECRET_FILE);
    }

    private void writeSecretFile() {
        try {
            Files.writeString(secretFile(), clientSecretJson());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + secretFile(), e);
        }
    }

    /** The server side: the server certificate, and only this CA's certificates accepted from clients. */
    SSLContext serverContext() {
        try {
            KeyStore all = load();
            KeyStore server = KeyStore.getInstance("PKCS12");
            server.load(null, null);
            server.setKeyEntry("server", all.getKey("server", PASSWORD), PASSWORD, all.getCertificateChain("server"));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(server, PASSWORD);
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("ca", certificate("ca"));
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            return ctx;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("dev PKI server context failed in " + dir, e);
        }
    }

    /** Generates into a fresh directory, then links the keystore in: a concurrent first start keeps the first one. */
    private void generate() {
        Path work;
        try {
            Files.createDirectories(dir);
            work = Files.createTempDirectory(dir, ".generating-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + dir, e);
        }
        keytool(work, "-genkeypair", "-alias", "ca", "-dname", "CN=srs-connect dev CA (simulator only)",
                "-ext", "bc:c", "-ext", "KeyUsage=keyCertSign,cRLSign", "-validity", "3650");
        keytool(work, "-genkeypair", "-alias", "server", "-dname", "CN=localhost", "-signer", "ca",
                "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-ext", "EKU=serverAuth", "-validity", "825");
        keytool(work, "-genkeypair", "-alias", "client", "-dname", "CN=srs-connect dev SP (AIS client)", "-signer", "ca",
                "-ext", "EKU=clientAuth", "-validity", "825");
        try {
            Files.createLink(dir.resolve(STORE), work.resolve(STORE));   // fails if it exists: never replaces
        } catch (FileAlreadyExistsException e) {
            // another process generated it first: use that one
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store the dev PKI in " + dir, e);
        } finally {
            try {
                Files.deleteIfExists(work.resolve(STORE));
                Files.deleteIfExists(work);
            } catch (IOException ignored) {
                // a leftover temporary directory is harmless
            }
        }
    }

    private static void keytool(Path work, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        cmd.addAll(List.of(args));
        cmd.addAll(List.of("-keystore", STORE, "-storetype", "PKCS12", "-storepass", new String(PASSWORD), "-keyalg", "EC",
                "-groupname", "secp256r1", "-noprompt"));
        try {
            Process p = new ProcessBuilder(cmd).directory(work.toFile()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("keytool " + args[0] + " failed in " + work + ": " + out.trim());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run keytool (a JDK is needed) for the dev PKI", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while generating the dev PKI", e);
        }
    }

    private KeyStore load() {
        try (InputStream in = Files.newInputStream(dir.resolve(STORE))) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, PASSWORD);
            return ks;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("dev PKI keystore " + STORE + " unreadable in " + dir, e);
        }
    }

    private Certificate certificate(String alias) {
        try {
            return load().getCertificate(alias);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("dev PKI certificate " + alias + " unreadable", e);
        }
    }

    private String certificatePem(String alias) {
        try {
            return pem("CERTIFICATE", certificate(alias).getEncoded());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("dev PKI certificate " + alias + " cannot be encoded", e);
        }
    }

    static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[]{'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
