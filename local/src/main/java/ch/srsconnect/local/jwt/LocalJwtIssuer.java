package ch.srsconnect.local.jwt;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The local runtime's development identity provider: one RS256 key (generated with JDK crypto, persisted so tokens
 * survive restarts), an OIDC discovery document and JWKS, and token minting. Never part of a deployment.
 */
public final class LocalJwtIssuer {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

    private final String issuer;
    private final String audience;
    private final RSAPrivateKey privateKey;
    private final RSAPublicKey publicKey;
    private final String kid;

    private LocalJwtIssuer(String issuer, String audience, KeyPair keys) {
        this.issuer = issuer;
        this.audience = audience;
        this.privateKey = (RSAPrivateKey) keys.getPrivate();
        this.publicKey = (RSAPublicKey) keys.getPublic();
        this.kid = thumbprint(publicKey);
    }

    /** Loads the key from {@code keyDir} (jwt-private.p8 / jwt-public.der) or creates and saves one. */
    public static LocalJwtIssuer create(String issuer, String audience, Path keyDir) {
        return new LocalJwtIssuer(issuer, audience, loadOrCreateKeys(keyDir));
    }

    public String issuer() {
        return issuer;
    }

    public String audience() {
        return audience;
    }

    public String keyId() {
        return kid;
    }

    public RSAPublicKey publicKey() {
        return publicKey;
    }

    public String mint(String subject) {
        return mint(subject, 3600, Map.of());
    }

    /** A token for {@code subject}, valid {@code ttlSeconds} (may be negative for an expired one), with extra claims. */
    public String mint(String subject, long ttlSeconds, Map<String, Object> extraClaims) {
        long now = Instant.now().getEpochSecond();
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", issuer);
        claims.put("sub", subject);
        claims.put("aud", audience);
        claims.put("iat", Math.min(now, now + ttlSeconds));
        claims.put("nbf", Math.min(now, now + ttlSeconds) - 1);
        claims.put("exp", now + ttlSeconds);
        claims.put("jti", UUID.randomUUID().toString());
        claims.put("token_use", "access");
        claims.putAll(extraClaims);
        return sign(Map.of("alg", "RS256", "typ", "JWT", "kid", kid), claims, privateKey);
    }

    /** Signs arbitrary header/claims with the given key: tests use it for foreign-key tokens. */
    public static String sign(Map<String, Object> header, Map<String, Object> claims, java.security.PrivateKey key) {
        try {
            String signingInput = B64URL.encodeToString(JSON.writeValueAsBytes(header)) + "."
                    + B64URL.encodeToString(JSON.writeValueAsBytes(claims));
            Signature s = Signature.getInstance("SHA256withRSA");
            s.initSign(key);
            s.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + B64URL.encodeToString(s.sign());
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign a token", e);
        }
    }

    public String openIdConfiguration() {
        ObjectNode doc = JSON.createObjectNode();
        doc.put("issuer", issuer);
        doc.put("jwks_uri", issuer + "/.well-known/jwks.json");
        doc.put("token_endpoint", issuer + "/token");
        doc.putArray("id_token_signing_alg_values_supported").add("RS256");
        doc.putArray("response_types_supported").add("token");
        doc.putArray("subject_types_supported").add("public");
        return doc.toString();
    }

    public String jwks() {
        ObjectNode doc = JSON.createObjectNode();
        ArrayNode keys = doc.putArray("keys");
        ObjectNode k = keys.addObject();
        k.put("kty", "RSA");
        k.put("use", "sig");
        k.put("alg", "RS256");
        k.put("kid", kid);
        k.put("n", B64URL.encodeToString(unsigned(publicKey.getModulus())));
        k.put("e", B64URL.encodeToString(unsigned(publicKey.getPublicExponent())));
        return doc.toString();
    }

    static byte[] unsigned(BigInteger i) {
        byte[] b = i.toByteArray();
        if (b.length > 1 && b[0] == 0) return java.util.Arrays.copyOfRange(b, 1, b.length);
        return b;
    }

    private static String thumbprint(RSAPublicKey key) {
        try {
            // RFC 7638 JWK thumbprint
            String canonical = "{\"e\":\"" + B64URL.encodeToString(unsigned(key.getPublicExponent())) + "\",\"kty\":\"RSA\",\"n\":\""
                    + B64URL.encodeToString(unsigned(key.getModulus())) + "\"}";
            return B64URL.encodeToString(MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair loadOrCreateKeys(Path dir) {
        Path priv = dir.resolve("jwt-private.p8");
        Path pub = dir.resolve("jwt-public.der");
        try {
            KeyFactory rsa = KeyFactory.getInstance("RSA");
            if (Files.isRegularFile(priv) && Files.isRegularFile(pub)) {
                return new KeyPair(rsa.generatePublic(new X509EncodedKeySpec(Files.readAllBytes(pub))),
                        rsa.generatePrivate(new PKCS8EncodedKeySpec(Files.readAllBytes(priv))));
            }
            KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
            gen.initialize(2048);
            KeyPair keys = gen.generateKeyPair();
            Files.createDirectories(dir);
            Files.write(pub, keys.getPublic().getEncoded());
            Files.write(priv, keys.getPrivate().getEncoded());
            try {
                Files.setPosixFilePermissions(priv, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system
            }
            return keys;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write the local JWT key under " + dir, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the local JWT key under " + dir + " is unusable: delete it to get a new one", e);
        }
    }
}
