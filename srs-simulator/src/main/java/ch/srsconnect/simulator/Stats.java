package ch.srsconnect.simulator;

import java.util.Map;

/**
 * Snapshot of calls per endpoint key ({@code "GET /api/providers"}, {@code "POST /oauth/token"},
 * {@code "GET /api/identifications/{refId}"}, ...) and of the tokens issued since start or reset.
 */
public record Stats(Map<String, Long> calls, long tokensIssued) {

    public Stats {
        calls = Map.copyOf(calls);
    }

    /** Calls of one endpoint key, 0 if never called. */
    public long calls(String endpointKey) {
        return calls.getOrDefault(endpointKey, 0L);
    }
}
