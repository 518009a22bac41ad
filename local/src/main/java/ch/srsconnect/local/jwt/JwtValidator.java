package ch.srsconnect.local.jwt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.RSAPublicKeySpec;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Validates a JWT as an HTTP API JWT authorizer does: RS256 signature against the issuer's JWKS, {@code iss} equal to
 * the configured issuer, {@code aud} (or {@code client_id}) among the configured audiences, {@code exp} in the
 * future and {@code nbf} not in the future. JDK crypto only.
 */
public final class JwtValidator {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Decoder B64URL = Base64.getUrlDecoder();

    /** The claims of a valid token, and its scopes ({@code scope} / {@code scp}). */
    public record Verified(JsonNode claims, List<String> scopes) {}

    private final String issuer;
    private final List<String> audiences;
    private final Function<String, Optional<String>> jwksSource;
    private final Clock clock;
    private volatile Map<String, PublicKey> keys;

    /**
     * @param jwksSource given the issuer, returns its JWKS document (the local issuer answers in-process; any other is
     *                   fetched through OIDC discovery by the caller's choice)
     */
    public JwtValidator(String issuer, List<String> audiences, Function<String, Optional<String>> jwksSource, Clock clock) {
        this.issuer = issuer;
        this.audiences = List.copyOf(audiences);
        this.jwksSource = jwksSource;
        this.clock = clock;
    }

    public String issuer() {
        return issuer;
    }

    public List<String> audiences() {
        return audiences;
    }

    /** The verified token, or empty with the reason in {@code why} (for the log; callers only ever see 401). */
    public Optional<Verified> verify(String token, StringBuilder why) {
        try {
            String[] parts = token.split("\\.", -1);
            if (parts.length != 3) return fail(why, "not a compact JWS");
            JsonNode header = JSON.readTree(B64URL.decode(parts[0]));
            JsonNode claims = JSON.readTree(B64URL.decode(parts[1]));
            if (!"RS256".equals(header.path("alg").asText())) return fail(why, "alg " + header.path("alg").asText() + " is not RS256");
            PublicKey key = key(header.path("kid").asText(null));
            if (key == null) return fail(why, "no key for kid " + header.path("kid").asText(null));
            Signature s = Signature.getInstance("SHA256withRSA");
            s.initVerify(key);
            s.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            if (!s.verify(B64URL.decode(parts[2]))) return fail(why, "bad signature");
            if (!issuer.equals(claims.path("iss").asText())) return fail(why, "iss " + claims.path("iss") + " is not " + issuer);
            List<String> tokenAudiences = new ArrayList<>();
            JsonNode aud = claims.get("aud");
            if (aud != null && aud.isArray()) aud.forEach(a -> tokenAudiences.add(a.asText()));
            else if (aud != null) tokenAudiences.add(aud.asText());
            else if (claims.hasNonNull("client_id")) tokenAudiences.add(claims.get("client_id").asText());
            if (tokenAudiences.stream().noneMatch(audiences::contains)) {
                return fail(why, "aud " + tokenAudiences + " not among " + audiences);
            }
            long now = clock.instant().getEpochSecond();
            if (!claims.path("exp").isNumber()) return fail(why, "no exp");
            if (claims.get("exp").asLong() <= now) return fail(why, "expired");
            if (claims.path("nbf").isNumber() && claims.get("nbf").asLong() > now) return fail(why, "not yet valid (nbf)");
            if (claims.path("iat").isNumber() && claims.get("iat").asLong() > now + 60) return fail(why, "issued in the future");
            List<String> scopes = new ArrayList<>();
            JsonNode scope = claims.has("scope") ? claims.get("scope") : claims.get("scp");
            if (scope != null && scope.isArray()) scope.forEach(x -> scopes.add(x.asText()));
            else if (scope != null && !scope.asText().isBlank()) scopes.addAll(List.of(scope.asText().trim().split("\\s+")));
            return Optional.of(new Verified(claims, scopes));
        } catch (IllegalArgumentException | java.io.IOException | GeneralSecurityException e) {
            return fail(why, "malformed: " + e.getMessage());
        }
    }

    private PublicKey key(String kid) throws java.io.IOException, GeneralSecurityException {
        Map<String, PublicKey> k = keys;
        if (k == null || (kid != null && !k.containsKey(kid))) {
            k = loadKeys();
            keys = k;
        }
        if (kid == null) return k.size() == 1 ? k.values().iterator().next() : null;
        return k.get(kid);
    }

    private Map<String, PublicKey> loadKeys() throws java.io.IOException, GeneralSecurityException {
        Map<String, PublicKey> out = new HashMap<>();
        Optional<String> jwks = jwksSource.apply(issuer);
        if (jwks.isEmpty()) return out;
        KeyFactory rsa = KeyFactory.getInstance("RSA");
        for (JsonNode k : JSON.readTree(jwks.get()).path("keys")) {
            if (!"RSA".equals(k.path("kty").asText())) continue;
            BigInteger n = new BigInteger(1, B64URL.decode(k.path("n").asText()));
            BigInteger e = new BigInteger(1, B64URL.decode(k.path("e").asText()));
            out.put(k.path("kid").asText(""), rsa.generatePublic(new RSAPublicKeySpec(n, e)));
        }
        return out;
    }

    private static Optional<Verified> fail(StringBuilder why, String reason) {
        if (why != null) why.append(reason);
        return Optional.empty();
    }
}
