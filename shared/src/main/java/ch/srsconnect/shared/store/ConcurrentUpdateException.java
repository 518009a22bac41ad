package ch.srsconnect.shared.store;

import java.util.OptionalLong;

/**
 * An optimistic-locking conflict: the item changed (or vanished) since it was read. Reload, reapply, retry.
 */
public class ConcurrentUpdateException extends RuntimeException {
    private final String id;
    private final long expectedVersion;
    private final OptionalLong currentVersion;

    public ConcurrentUpdateException(String id, long expectedVersion, OptionalLong currentVersion) {
        super("identification " + id + " is no longer at version " + expectedVersion
                + (currentVersion.isPresent() ? " (now " + currentVersion.getAsLong() + ")" : " (it no longer exists)"));
        this.id = id;
        this.expectedVersion = expectedVersion;
        this.currentVersion = currentVersion;
    }

    public String id() {
        return id;
    }

    public long expectedVersion() {
        return expectedVersion;
    }

    /** The version now stored; empty if the item no longer exists. */
    public OptionalLong currentVersion() {
        return currentVersion;
    }
}
