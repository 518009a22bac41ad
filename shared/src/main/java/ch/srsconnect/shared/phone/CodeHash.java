package ch.srsconnect.shared.phone;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;

/**
 * OTP codes are never stored in clear: HMAC-SHA256 keyed with the verification id, over the code as Smart Flows
 * compares it (trimmed, upper case). Only used to recognise a retried check of an already accepted code.
 */
public final class CodeHash {
    private CodeHash() {}

    public static String of(String verificationId, String code) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(("srs-connect-otp:" + verificationId).getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(code.trim().toUpperCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /** Constant-time comparison of a stored hash with the hash of {@code code}. */
    public static boolean matches(String storedHash, String verificationId, String code) {
        if (storedHash == null) {
            return false;
        }
        return MessageDigest.isEqual(storedHash.getBytes(StandardCharsets.US_ASCII),
                of(verificationId, code).getBytes(StandardCharsets.US_ASCII));
    }
}
