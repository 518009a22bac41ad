package ch.srsconnect.shared.catalogue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Which method an order names: the catalogue's entry, or — for a method SRS lists that the catalogue does not know (SRS's
 * list "is updated regularly", guide §6.1) — a generic entry in SRS's own spelling ({@link Catalogue#uncatalogued}).
 * SRS's list is asked only for a name the catalogue does not know, and kept per container for {@code ttl}.
 */
public final class ListedMethods {
    private final ProvidersSource source;
    private final Clock clock;
    private final Duration ttl;
    private volatile JsonNode list;
    private volatile Instant fetchedAt = Instant.MIN;

    public ListedMethods(ProvidersSource source, Clock clock, Duration ttl) {
        this.source = source;
        this.clock = clock;
        this.ttl = ttl;
    }

    /**
     * @return the entry to order with; empty when neither the catalogue (current methods) nor SRS's list has it
     * @throws RuntimeException SRS's failures unchanged (an outage is a 503, not "unknown method")
     */
    public Optional<CatalogueEntry> resolve(String issuer, String method) {
        Optional<CatalogueEntry> known = Catalogue.find(issuer, method);
        if (known.isPresent()) {
            return known.filter(e -> !e.legacy());
        }
        if (Catalogue.ALL.stream().anyMatch(e -> e.issuer().equalsIgnoreCase(issuer) && e.method().equalsIgnoreCase(method))) {
            return Optional.empty();   // a catalogued method in a spelling SRS refuses (eID is case-sensitive): not new
        }
        JsonNode match = null;
        for (JsonNode e : srsList()) {
            String i = e.path("issuer").asText("");
            String m = e.path("method").asText("");
            if (i.equals(issuer) && m.equals(method)) {
                match = e;
                break;
            }
            if (match == null && i.equalsIgnoreCase(issuer) && m.equalsIgnoreCase(method)) {
                match = e;
            }
        }
        if (match == null) {
            return Optional.empty();
        }
        return Optional.of(Catalogue.uncatalogued(match.path("issuer").asText(), match.path("method").asText(), match));
    }

    private JsonNode srsList() {
        Instant now = clock.instant();
        JsonNode l = list;
        if (l == null || now.isAfter(fetchedAt.plus(ttl))) {
            l = source.listProviders(Map.of());
            if (!l.isArray()) {
                throw new SrsAnswerException("SRS method list is not a JSON array");
            }
            list = l;
            fetchedAt = now;
        }
        return l;
    }

    /** For tests and wiring without SRS: the catalogue alone. */
    public static ListedMethods catalogueOnly() {
        return new ListedMethods(q -> JsonNodeFactory.instance.arrayNode(), Clock.systemUTC(),
                Duration.ofDays(365));
    }
}
