package ch.srsconnect.shared.http;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A TLS client identity from PEM text: the SP's AIS client certificate (with its chain) and private key, for RA calls
 * with {@code RA_AUTH=mtls}. Keys: PKCS#8 ({@code BEGIN PRIVATE KEY}, RSA or EC) or PKCS#1 RSA ({@code BEGIN RSA
 * PRIVATE KEY}); encrypted keys are refused (the secret is the protection). Errors name what is wrong, never the
 * content.
 */
public final class ClientTls {
    private static final Pattern PEM = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");
    /** DER prefix that wraps a PKCS#1 RSA key of length L into PKCS#8 (algorithm rsaEncryption, no parameters). */
    private static final byte[] PKCS1_ALGORITHM = {
            0x02, 0x01, 0x00, 0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01,
            0x01, 0x05, 0x00};

    private ClientTls() {
    }

    /** Malformed certificate or key text; the message says which part, never its content. */
    public static final class InvalidTlsMaterialException extends IllegalArgumentException {
        public InvalidTlsMaterialException(String message) {
            super(message);
        }
    }

    /**
     * @param certificatePem the client certificate first, then its intermediates
     * @param privateKeyPem  its private key
     * @param trustedPem     CA certificates to trust for the server instead of the JDK's (only for a private CA, like
     *                       the local simulator's); null or blank: the JDK's default trust store
     */
    public static SSLContext sslContext(String certificatePem, String privateKeyPem, String trustedPem) {
        List<Certificate> chain = certificates(certificatePem, "certificate");
        PrivateKey key = privateKey(privateKeyPem);
        try {
            KeyStore identity = KeyStore.getInstance("PKCS12");
            identity.load(null, null);
            char[] none = new char[0];
            identity.setKeyEntry("client", key, none, chain.toArray(Certificate[]::new));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(identity, none);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            if (trustedPem == null || trustedPem.isBlank()) {
                tmf.init((KeyStore) null);
            } else {
                KeyStore trust = KeyStore.getInstance("PKCS12");
                trust.load(null, null);
                int n = 0;
                for (Certificate c : certificates(trustedPem, "trustedCertificates")) {
                    trust.setCertificateEntry("ca-" + n++, c);
                }
                tmf.init(trust);
            }
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), new SecureRandom());
            return ctx;
        } catch (GeneralSecurityException | IOException e) {
            throw new InvalidTlsMaterialException("the certificate and key do not form a TLS identity ("
                    + e.getClass().getSimpleName() + ")");
        }
    }

    static List<Certificate> certificates(String pem, String what) {
        List<Certificate> out = new ArrayList<>();
        try {
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            for (Block b : blocks(pem)) {
                if (b.type().equals("CERTIFICATE")) {
                    out.add(cf.generateCertificate(new ByteArrayInputStream(b.der())));
                }
            }
        } catch (GeneralSecurityException e) {
            throw new InvalidTlsMaterialException(what + " is not a valid X.509 certificate");
        }
        if (out.isEmpty()) {
            throw new InvalidTlsMaterialException(what + " holds no PEM CERTIFICATE block");
        }
        return out;
    }

    static PrivateKey privateKey(String pem) {
        for (Block b : blocks(pem)) {
            switch (b.type()) {
                case "PRIVATE KEY" -> {
                    return pkcs8(b.der());
                }
                case "RSA PRIVATE KEY" -> {
                    return pkcs8(wrapPkcs1(b.der()));
                }
                case "ENCRYPTED PRIVATE KEY" -> throw new InvalidTlsMaterialException(
                        "privateKey is encrypted: store it unencrypted (openssl pkcs8 -topk8 -nocrypt); the secret protects it");
                case "EC PRIVATE KEY" -> throw new InvalidTlsMaterialException(
                        "privateKey is a SEC1 EC key: convert it to PKCS#8 (openssl pkcs8 -topk8 -nocrypt)");
                default -> {
                    // certificates or parameters next to the key: skip
                }
            }
        }
        throw new InvalidTlsMaterialException("privateKey holds no PEM PRIVATE KEY block");
    }

    private static PrivateKey pkcs8(byte[] der) {
        for (String algorithm : List.of("RSA", "EC")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (InvalidKeySpecException e) {
                // try the next algorithm
            } catch (GeneralSecurityException e) {
                break;
            }
        }
        throw new InvalidTlsMaterialException("privateKey is neither an RSA nor an EC PKCS#8 key");
    }

    /** PKCS#8 PrivateKeyInfo { version 0, rsaEncryption, OCTET STRING pkcs1 }. */
    static byte[] wrapPkcs1(byte[] pkcs1) {
        byte[] octet = concat(new byte[]{0x04}, length(pkcs1.length), pkcs1);
        byte[] body = concat(PKCS1_ALGORITHM, octet);
        return concat(new byte[]{0x30}, length(body.length), body);
    }

    private static byte[] length(int n) {
        if (n < 0x80) return new byte[]{(byte) n};
        if (n < 0x100) return new byte[]{(byte) 0x81, (byte) n};
        if (n < 0x10000) return new byte[]{(byte) 0x82, (byte) (n >> 8), (byte) n};
        return new byte[]{(byte) 0x83, (byte) (n >> 16), (byte) (n >> 8), (byte) n};
    }

    private static byte[] concat(byte[]... parts) {
        int size = 0;
        for (byte[] p : parts) size += p.length;
        byte[] out = new byte[size];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    private record Block(String type, byte[] der) {
    }

    private static List<Block> blocks(String pem) {
        List<Block> out = new ArrayList<>();
        if (pem == null) return out;
        Matcher m = PEM.matcher(pem.replace("\\n", "\n"));
        while (m.find()) {
            try {
                out.add(new Block(m.group(1), Base64.getMimeDecoder().decode(m.group(2).getBytes(StandardCharsets.US_ASCII))));
            } catch (IllegalArgumentException e) {
                throw new InvalidTlsMaterialException("a PEM " + m.group(1) + " block is not valid base64");
            }
        }
        return out;
    }
}
