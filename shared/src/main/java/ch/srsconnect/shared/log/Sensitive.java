package ch.srsconnect.shared.log;

/**
 * Marker for values that must never be written to a log line (tokens, credentials).
 * {@link Log} renders such a value as {@code [REDACTED]} whatever its {@code toString} says.
 */
public interface Sensitive {
}
