package ch.srsconnect.local.lambda;

/**
 * One finished invocation, for benchmarks and tests.
 *
 * @param coldStart                 the invocation was the first one its JVM served
 * @param jvmStartToFirstResponseMs for a cold start: JVM process start until the runtime client posted the
 *                                  first response (init + first invocation); -1 otherwise
 * @param durationMs                from handing the event to the runtime client (/next) to its response
 * @param outcome                   {@code ok}, {@code error} (handler error), {@code timeout}, {@code crash}, {@code init-error}
 */
public record InvocationStat(String functionName, String requestId, boolean coldStart, long jvmStartToFirstResponseMs,
                             long durationMs, String outcome) {
}
