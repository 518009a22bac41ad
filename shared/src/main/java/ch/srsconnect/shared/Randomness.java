package ch.srsconnect.shared;

import java.security.SecureRandom;
import java.util.UUID;

/**
 * The container's randomness: ids (identifications, phone verifications, lock and idempotency tokens) and retry
 * jitter. One {@link SecureRandom}, replaced after a SnapStart restore ({@link SnapStartHooks}): the copies Lambda
 * restores from one snapshot would otherwise continue from the same state, and two of them could draw the same
 * jitter — the very thing jitter is there to avoid (decision 0056).
 */
public final class Randomness {
    private static volatile SecureRandom random = new SecureRandom();

    private Randomness() {
    }

    /** A random (version 4) UUID, as {@link UUID#randomUUID()} but from this class's source. */
    public static String uuid() {
        byte[] b = new byte[16];
        random.nextBytes(b);
        b[6] = (byte) ((b[6] & 0x0f) | 0x40);   // version 4
        b[8] = (byte) ((b[8] & 0x3f) | 0x80);   // IETF variant
        return new UUID(toLong(b, 0), toLong(b, 8)).toString();
    }

    /** Uniform in [0, 1). */
    public static double nextDouble() {
        return random.nextDouble();
    }

    /** After a restore: a new source, seeded from the restored copy's own entropy. */
    static void reseed() {
        random = new SecureRandom();
    }

    /** For tests: the current source (replaced by {@link #reseed()}). */
    static Object source() {
        return random;
    }

    private static long toLong(byte[] b, int from) {
        long v = 0;
        for (int i = from; i < from + 8; i++) {
            v = (v << 8) | (b[i] & 0xff);
        }
        return v;
    }
}
