package ch.srsconnect.shared.catalogue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The "list methods" use case: SRS's answer for the normalised query, cached per container, enriched with the
 * catalogue, filtered again by the query.
 *
 * <p><b>Cache.</b> Keyed by {@link MethodsQuery#toSrsQuery()}, fresh for {@code ttl} after the fetch (a TTL of zero
 * disables it), at most {@value #MAX_ENTRIES} queries (the oldest fetch is evicted). Only successful, well-formed
 * answers are cached; a failure is never cached, the next call asks SRS again.
 *
 * <p><b>Stale on error.</b> When refreshing an expired entry fails (SRS down, 5xx, nonsense), the expired answer
 * is served if it is at most {@code maxStale} past its freshness (RFC 5861 stale-if-error): the method list changes
 * with contracts and guide versions, not by the minute, and a user picking a method should not be blocked by a
 * blip. Such a listing is flagged {@link Listing#stale()} (the handler sends it with {@code max-age=0} and logs a
 * warning). Without a usable entry the failure propagates.
 *
 * <p><b>Local filter.</b> After enrichment the query is applied again to the merged facts (SRS's values win).
 * SRS's names for offline/webflow/realtime are assumed (srs-api.md §2): if SRS ignores one, the SP still gets what
 * it asked for. Methods removed that way are reported in {@link Listing#filteredOut()} for logging.
 */
public final class MethodsService {

    static final int MAX_ENTRIES = 32;

    private final ProvidersSource source;
    private final Clock clock;
    private final Duration ttl;
    private final Duration maxStale;
    private final Map<Map<String, List<String>>, Cached> cache = new ConcurrentHashMap<>();

    /**
     * One answer.
     *
     * @param methods      the SP-facing list, filtered, in presentation order
     * @param fetchedAt    when SRS produced the answer
     * @param maxAge       how long a client may reuse it (remaining freshness; zero when stale)
     * @param fromCache    served from the container cache
     * @param stale        served from an expired entry because SRS failed
     * @param staleCause   the failure that made it stale (for the log), else null
     * @param uncatalogued "issuer/method" of listed methods the catalogue does not know
     * @param skipped      SRS entries that could not be read
     * @param filteredOut  "issuer/method" SRS returned that do not match the query
     */
    public record Listing(List<MethodView> methods, Instant fetchedAt, Duration maxAge, boolean fromCache,
                          boolean stale, RuntimeException staleCause, List<String> uncatalogued,
                          List<String> skipped, List<String> filteredOut) {
    }

    private record Cached(Enricher.Result result, Instant fetchedAt) {
    }

    /**
     * @param ttl      freshness of a cached answer ({@code METHODS_CACHE_TTL_SECONDS}); zero disables the cache
     * @param maxStale how long past its freshness an answer may still be served when SRS fails; zero never
     */
    public MethodsService(ProvidersSource source, Clock clock, Duration ttl, Duration maxStale) {
        this.source = Objects.requireNonNull(source, "source");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.ttl = requireNotNegative(ttl, "ttl");
        this.maxStale = requireNotNegative(maxStale, "maxStale");
    }

    /**
     * The method list for {@code query}.
     *
     * @throws SrsAnswerException if SRS's answer is not a list (and nothing usable is cached)
     * @throws RuntimeException   whatever the {@link ProvidersSource} throws (and nothing usable is cached)
     */
    public Listing list(MethodsQuery query) {
        Map<String, List<String>> key = query.toSrsQuery();
        Instant now = clock.instant();
        Cached cached = cache.get(key);
        if (cached != null && now.isBefore(cached.fetchedAt().plus(ttl))) {
            return listing(query, cached, Duration.between(now, cached.fetchedAt().plus(ttl)), true, false, null);
        }
        Cached fresh;
        try {
            Enricher.Result result = Enricher.enrich(source.listProviders(key));
            fresh = new Cached(result, now);
        } catch (RuntimeException e) {
            if (cached != null && now.isBefore(cached.fetchedAt().plus(ttl).plus(maxStale))) {
                return listing(query, cached, Duration.ZERO, true, true, e);
            }
            throw e;
        }
        if (!ttl.isZero()) {
            put(key, fresh);
        }
        return listing(query, fresh, ttl, false, false, null);
    }

    /** Number of cached queries (for tests and diagnostics). */
    public int cachedQueries() {
        return cache.size();
    }

    private void put(Map<String, List<String>> key, Cached value) {
        if (!cache.containsKey(key) && cache.size() >= MAX_ENTRIES) {
            cache.entrySet().stream()
                    .min(Comparator.comparing(e -> e.getValue().fetchedAt()))
                    .ifPresent(oldest -> cache.remove(oldest.getKey()));
        }
        cache.put(key, value);
    }

    private static Listing listing(MethodsQuery query, Cached c, Duration maxAge, boolean fromCache, boolean stale,
                                   RuntimeException cause) {
        List<MethodView> kept = new ArrayList<>();
        List<String> filteredOut = new ArrayList<>();
        for (MethodView m : c.result().methods()) {
            if (m.matches(query)) {
                kept.add(m);
            } else {
                filteredOut.add(m.issuer() + "/" + m.method());
            }
        }
        return new Listing(List.copyOf(kept), c.fetchedAt(), maxAge, fromCache, stale, cause,
                c.result().uncatalogued(), c.result().skipped(), List.copyOf(filteredOut));
    }

    private static Duration requireNotNegative(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative: " + d);
        }
        return d;
    }
}
