package ch.srsconnect.shared.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PEM material as an SP puts it into the RA client certificate secret (made here with the JDK's keytool). */
class ClientTlsTest {
    static String rsaCert;
    static byte[] rsaPkcs8;
    static String ecCert;
    static byte[] ecPkcs8;

    @BeforeAll
    static void material(@TempDir Path dir) throws Exception {
        KeyStore rsa = keytool(dir, "rsa.p12", "RSA", "2048");
        rsaCert = pem("CERTIFICATE", rsa.getCertificate("k").getEncoded());
        rsaPkcs8 = rsa.getKey("k", "changeit".toCharArray()).getEncoded();
        KeyStore ec = keytool(dir, "ec.p12", "EC", "256");
        ecCert = pem("CERTIFICATE", ec.getCertificate("k").getEncoded());
        ecPkcs8 = ec.getKey("k", "changeit".toCharArray()).getEncoded();
    }

    @Test
    void rsaAndEcPkcs8KeysMakeATlsClientIdentity() {
        assertEquals("TLS", ClientTls.sslContext(rsaCert, pem("PRIVATE KEY", rsaPkcs8), null).getProtocol());
        assertEquals("TLS", ClientTls.sslContext(ecCert, pem("PRIVATE KEY", ecPkcs8), ecCert).getProtocol());
    }

    @Test
    void aPkcs1RsaKeyIsWrappedIntoPkcs8() {
        // PKCS#8 of a 2048-bit RSA key: SEQUENCE(4) INTEGER 0(3) AlgorithmIdentifier(15) OCTET STRING header(4), then PKCS#1
        byte[] pkcs1 = Arrays.copyOfRange(rsaPkcs8, 26, rsaPkcs8.length);
        assertEquals(0x30, pkcs1[0] & 0xff, "PKCS#1 is a SEQUENCE");
        assertArrayEquals(rsaPkcs8, ClientTls.wrapPkcs1(pkcs1));
        assertEquals("TLS", ClientTls.sslContext(rsaCert, pem("RSA PRIVATE KEY", pkcs1), null).getProtocol());
    }

    @Test
    void jsonEscapedNewlinesAreAccepted() {
        String flat = pem("PRIVATE KEY", ecPkcs8).replace("\n", "\\n");
        assertEquals("TLS", ClientTls.sslContext(ecCert.replace("\n", "\\n"), flat, null).getProtocol());
    }

    @Test
    void whatIsWrongIsNamedWithoutTheContent() {
        String key = pem("PRIVATE KEY", ecPkcs8);
        List<String> messages = List.of(
                message(() -> ClientTls.sslContext(key, key, null)),
                message(() -> ClientTls.sslContext(ecCert, ecCert, null)),
                message(() -> ClientTls.sslContext(ecCert, pem("ENCRYPTED PRIVATE KEY", ecPkcs8), null)),
                message(() -> ClientTls.sslContext(ecCert, pem("EC PRIVATE KEY", ecPkcs8), null)),
                message(() -> ClientTls.sslContext(ecCert, pem("PRIVATE KEY", new byte[]{1, 2, 3}), null)),
                message(() -> ClientTls.sslContext(pem("CERTIFICATE", new byte[]{1, 2, 3}), key, null)));
        assertEquals(List.of(
                "certificate holds no PEM CERTIFICATE block",
                "privateKey holds no PEM PRIVATE KEY block",
                "privateKey is encrypted: store it unencrypted (openssl pkcs8 -topk8 -nocrypt); the secret protects it",
                "privateKey is a SEC1 EC key: convert it to PKCS#8 (openssl pkcs8 -topk8 -nocrypt)",
                "privateKey is neither an RSA nor an EC PKCS#8 key",
                "certificate is not a valid X.509 certificate"), messages);
        messages.forEach(m -> assertFalse(m.contains("BEGIN") || m.contains(Base64.getEncoder().encodeToString(ecPkcs8).substring(0, 20)), m));
    }

    static String message(Runnable r) {
        return assertThrows(ClientTls.InvalidTlsMaterialException.class, r::run).getMessage();
    }

    static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[]{'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    static KeyStore keytool(Path dir, String file, String alg, String size) throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-genkeypair",
                "-keystore", dir.resolve(file).toString(), "-storetype", "PKCS12", "-storepass", "changeit", "-alias", "k",
                "-keyalg", alg, "-keysize", size, "-dname", "CN=test SP", "-validity", "2", "-noprompt")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, out);
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(dir.resolve(file))) {
            ks.load(in, "changeit".toCharArray());
        }
        return ks;
    }
}
