package ch.srsconnect.methods;

import ch.srsconnect.shared.Platform;
import ch.srsconnect.shared.api.ApiRequest;
import ch.srsconnect.shared.api.ApiResponse;
import ch.srsconnect.shared.api.ApiStream;
import ch.srsconnect.shared.api.FieldError;
import ch.srsconnect.shared.api.Problem;
import ch.srsconnect.shared.catalogue.Catalogue;
import ch.srsconnect.shared.catalogue.Enricher;
import ch.srsconnect.shared.catalogue.MethodJson;
import ch.srsconnect.shared.catalogue.MethodView;
import ch.srsconnect.shared.catalogue.MethodsQuery;
import ch.srsconnect.shared.catalogue.MethodsService;
import ch.srsconnect.shared.catalogue.ParamError;
import ch.srsconnect.shared.catalogue.SrsAnswerException;
import ch.srsconnect.shared.config.Config;
import ch.srsconnect.shared.config.EnvVar;
import ch.srsconnect.shared.http.InvocationDeadline;
import ch.srsconnect.shared.http.SwisscomProtocolException;
import ch.srsconnect.shared.http.SwisscomRejectedException;
import ch.srsconnect.shared.http.SwisscomUnavailableException;
import ch.srsconnect.shared.json.Json;
import ch.srsconnect.shared.log.Log;
import ch.srsconnect.shared.log.LogContext;
import ch.srsconnect.shared.token.CredentialsUnavailableException;
import ch.srsconnect.shared.token.SecretStoreException;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code GET /methods}: the identification methods SRS offers for a filter, enriched with the catalogue.
 *
 * <ul>
 *   <li>200 {@code {"methods":[...]}} (see {@link MethodJson}), {@code Cache-Control: private, max-age=<remaining
 *       freshness of the container cache>}; a stale answer served because SRS failed has {@code max-age=0}.</li>
 *   <li>400 problem {@code invalid-parameters}, one {@code errors[]} item per bad or unknown parameter.</li>
 *   <li>503 problem with {@code Retry-After}: SRS (or the token cache) unreachable, 5xx, 429.</li>
 *   <li>502 problem: SRS answered something unusable or rejected the call.</li>
 * </ul>
 */
public final class ListMethodsHandler implements RequestStreamHandler {

    private static final Log LOG = Log.get(ListMethodsHandler.class);
    /** Retry-After when the token cache (Secrets Manager) failed: it gives no hint of its own. */
    static final long SECRET_STORE_RETRY_AFTER_SECONDS = 5;

    private final MethodsService service;

    /** Lambda's constructor: once per container, from the environment. */
    public ListMethodsHandler() {
        this(service(Platform.forSwisscomCalls()));
        warmUp();
    }

    /** Component tests: the production wiring on a given platform (its own config, clients and token cache). */
    public ListMethodsHandler(Platform platform) {
        this(service(platform));
    }

    /** Unit tests: a service with its own source and clock. */
    public ListMethodsHandler(MethodsService service) {
        this.service = Objects.requireNonNull(service, "service");
    }

    /**
     * The production service: SRS through the platform's client, cached for {@code METHODS_CACHE_TTL_SECONDS}.
     * A stale answer may be served for one more TTL when SRS fails (see {@link MethodsService}).
     */
    static MethodsService service(Platform platform) {
        Duration ttl = cacheTtl(platform.config());
        return new MethodsService(platform.srs()::listProviders, Clock.systemUTC(), ttl, ttl);
    }

    /**
     * Loads and runs the catalogue, enrichment and JSON writing once during Lambda's init phase (full CPU, not
     * billed against the first request's latency). No I/O.
     */
    static void warmUp() {
        List<MethodView> views = Catalogue.ALL.stream().map(Enricher::fromCatalogue).toList();
        Json.write(MethodJson.list(views));
        MethodsQuery.parse(Map.of(MethodsQuery.LOA, List.of("3")));
        ApiStream.warmUp();
    }

    static Duration cacheTtl(Config config) {
        return config.duration(EnvVar.METHODS_CACHE_TTL_SECONDS, ChronoUnit.SECONDS,
                EnvVar.DEFAULT_METHODS_CACHE_TTL_SECONDS);
    }

    /** Lambda's entry: the event bound with the container's ObjectMapper (see {@link ApiStream}). */
    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        ApiStream.handle(input, output, context, this::handleRequest);
    }

    /** One HTTP API request (tests call it with an event). */
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        LogContext.setRequestId(context == null ? null : context.getAwsRequestId());
        InvocationDeadline.begin(context);
        try {
            return handle(ApiRequest.of(event));
        } finally {
            LogContext.clearRequestId();
        }
    }

    private APIGatewayV2HTTPResponse handle(ApiRequest request) {
        MethodsQuery.Parsed parsed = MethodsQuery.parse(request.queryParams());
        if (!parsed.ok()) {
            List<FieldError> errors = parsed.errors().stream()
                    .map((ParamError e) -> new FieldError(e.field(), e.message())).toList();
            LOG.info("invalid parameters", "fields", errors.stream().map(FieldError::field).toList());
            return Problem.invalidParameters(errors).toResponse();
        }
        MethodsQuery query = parsed.query();
        MethodsService.Listing listing;
        try {
            listing = service.list(query);
        } catch (SwisscomUnavailableException e) {
            LOG.warn("SRS unavailable", "endpoint", e.endpoint(), "retryAfter", e.retryAfterSeconds());
            return Problem.serviceUnavailable(e.retryAfterSeconds()).toResponse();
        } catch (SecretStoreException e) {
            LOG.warn("token cache unavailable", e);
            return Problem.serviceUnavailable(SECRET_STORE_RETRY_AFTER_SECONDS).toResponse();
        } catch (CredentialsUnavailableException e) {
            // The credentials secret is empty or malformed (e.g. right after the first deploy): an operator must act,
            // the caller can only retry later. The message names the secret, never its content.
            LOG.error("Swisscom credentials unavailable", "reason", e.getMessage());
            return Problem.forFailure(e).toResponse();
        } catch (SwisscomProtocolException | SwisscomRejectedException | SrsAnswerException e) {
            LOG.error("SRS method list unusable", "reason", e.getMessage());
            return Problem.badGateway().toResponse();
        } catch (RuntimeException e) {
            LOG.error("listing methods failed", e);
            return Problem.internalError().toResponse();
        }

        if (listing.stale()) {
            LOG.warn("SRS failed, serving the cached method list past its TTL",
                    "fetchedAt", listing.fetchedAt(), "cause", listing.staleCause().getClass().getSimpleName(),
                    "reason", listing.staleCause().getMessage());
        }
        if (!listing.fromCache()) {
            // Once per SRS answer, not on every cache hit.
            if (!listing.uncatalogued().isEmpty()) {
                LOG.warn("SRS lists methods the catalogue does not know; listed with catalogued=false",
                        "methods", listing.uncatalogued());
            }
            if (!listing.skipped().isEmpty()) {
                LOG.warn("SRS method list entries skipped", "entries", listing.skipped());
            }
            if (!listing.filteredOut().isEmpty()) {
                LOG.info("SRS returned methods outside the filter; removed", "methods", listing.filteredOut(),
                        "srsQuery", query.toSrsQuery().toString());
            }
        }
        LOG.info("methods listed", "count", listing.methods().size(), "fromCache", listing.fromCache(),
                "stale", listing.stale(), "srsQuery", query.toSrsQuery().toString());
        return ApiResponse.json(200, MethodJson.list(listing.methods())).cacheFor(listing.maxAge()).build();
    }
}
