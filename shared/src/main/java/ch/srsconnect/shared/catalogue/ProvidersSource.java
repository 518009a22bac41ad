package ch.srsconnect.shared.catalogue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * SRS's {@code GET /api/providers} for a query in SRS's parameter names (see {@link MethodsQuery#toSrsQuery()}).
 * In production this is {@code SrsClient::listProviders}; tests pass a lambda. Failures are thrown unchanged.
 */
@FunctionalInterface
public interface ProvidersSource {
    JsonNode listProviders(Map<String, List<String>> srsQuery);
}
