package ch.srsconnect.orders;

import ch.srsconnect.shared.Lazy;
import ch.srsconnect.shared.Platform;
import ch.srsconnect.shared.api.ApiHandler;
import ch.srsconnect.shared.api.ApiRequest;
import ch.srsconnect.shared.api.ApiResponse;
import ch.srsconnect.shared.api.ApiStream;
import ch.srsconnect.shared.api.FieldError;
import ch.srsconnect.shared.api.JsonBody;
import ch.srsconnect.shared.api.Problem;
import ch.srsconnect.shared.api.ProblemException;
import ch.srsconnect.shared.aws.AwsClients;
import ch.srsconnect.shared.catalogue.ListedMethods;
import ch.srsconnect.shared.config.Config;
import ch.srsconnect.shared.config.EnvVar;
import ch.srsconnect.shared.json.Json;
import ch.srsconnect.shared.order.IdentificationService;
import ch.srsconnect.shared.order.MsisdnLocks;
import ch.srsconnect.shared.order.OrderSettings;
import ch.srsconnect.shared.order.OrderValidator;
import ch.srsconnect.shared.order.Refreshes;
import ch.srsconnect.shared.order.Reply;
import ch.srsconnect.shared.polling.Nudges;
import ch.srsconnect.shared.store.IdempotencyStore;
import ch.srsconnect.shared.store.IdentificationStore;
import ch.srsconnect.shared.store.TableWarmUp;
import ch.srsconnect.shared.terms.SilentSms;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * {@code POST /identifications}, {@code GET /identifications}, {@code GET /identifications/{id}},
 * {@code DELETE /identifications/{id}}: parse the event, name the caller, call one use case of
 * {@link IdentificationService}, map its {@link Reply}; {@code POST /identifications/{id}/refresh}: {@link Refreshes}
 * (an immediate poll, built on the first refresh: its SQS client costs no cold start). Errors are
 * {@code application/problem+json}.
 *
 * <p>Reads (template.yaml) for the refresh: {@code POLL_QUEUE_URL}, {@code POLL_LEASE_SECONDS}.
 */
public final class IdentificationsHandler implements RequestStreamHandler {

    /** Longer than one placement can take within the function's 29 s timeout. */
    static final Duration PLACEMENT_LEASE = Duration.ofSeconds(35);
    /** How long a refresh waits for its poll to be recorded before it answers with the record as it stands. */
    static final Duration REFRESH_WAIT = Duration.ofSeconds(3);

    private final IdentificationService service;
    private final Supplier<Refreshes> refreshes;

    /** Lambda's constructor: once per container, from the environment. */
    public IdentificationsHandler() {
        this(Platform.forSwisscomCalls());
        warmUp();
    }

    /**
     * Loads and runs validation, the SRS body mapping and JSON writing once during Lambda's init phase (full CPU,
     * not billed against the first request). No I/O.
     */
    static void warmUp() {
        JsonNode sample = Json.object().put("issuer", "KLARNA").put("method", "bank").put("msisdn", "+41791234567")
                .set("person", Json.object().put("firstName", "Max").put("lastName", "Muster").put("dob", "1980-12-31")
                        .put("country", "DE"));
        OrderValidator.Result r = new OrderValidator(Clock.systemUTC()).validate(sample);
        if (r instanceof OrderValidator.Valid v) {
            Json.write(v.request().toSrsBody());
        }
        toResponse(Reply.invalid(422, List.of(new FieldError("msisdn", "warm-up"))));
        ApiStream.warmUp();
        TableWarmUp.requests();
    }

    /** Component tests and the local runtime: the production wiring on a given platform. */
    public IdentificationsHandler(Platform platform) {
        this(service(platform, Clock.systemUTC()), Lazy.of(() -> refreshes(platform, Clock.systemUTC())));
    }

    /** Without the refresh route's wiring (a test of the other routes). */
    public IdentificationsHandler(IdentificationService service) {
        this(service, () -> {
            throw new IllegalStateException("this handler was built without the refresh route");
        });
    }

    public IdentificationsHandler(IdentificationService service, Supplier<Refreshes> refreshes) {
        this.service = Objects.requireNonNull(service, "service");
        this.refreshes = Objects.requireNonNull(refreshes, "refreshes");
    }

    /** The refresh route's wiring: the identification table and the poll queue ({@link Nudges#of}). */
    static Refreshes refreshes(Platform platform, Clock clock) {
        Config config = platform.config();
        DynamoDbClient dynamo = AwsClients.configure(DynamoDbClient.builder(), config, EnvVar.AWS_ENDPOINT_URL_DYNAMODB)
                .httpClient(AwsClients.httpClient()).build();
        IdentificationStore store = new IdentificationStore(dynamo, config.string(EnvVar.IDENTIFICATION_TABLE_NAME), clock);
        return new Refreshes(store, Nudges.of(config, clock), REFRESH_WAIT, clock);
    }

    /** The production wiring: SRS client from the platform, one DynamoDB client per container, settings from env. */
    public static IdentificationService service(Platform platform, Clock clock) {
        Config config = platform.config();
        String table = config.string(EnvVar.IDENTIFICATION_TABLE_NAME);
        DynamoDbClient dynamo = AwsClients.configure(DynamoDbClient.builder(), config, EnvVar.AWS_ENDPOINT_URL_DYNAMODB)
                .httpClient(AwsClients.httpClient()).build();
        return new IdentificationService(platform.srs(), new IdentificationStore(dynamo, table, clock),
                new IdempotencyStore(dynamo, table), new MsisdnLocks(dynamo, table, clock, PLACEMENT_LEASE),
                settings(config), clock, SilentSms.termsFlowEnabled(config),
                // a method SRS lists that the catalogue does not know can be ordered (SRS's list cached like GET /methods)
                new ListedMethods(platform.srs()::listProviders, clock, config.duration(EnvVar.METHODS_CACHE_TTL_SECONDS,
                        ChronoUnit.SECONDS, EnvVar.DEFAULT_METHODS_CACHE_TTL_SECONDS)));
    }

    static OrderSettings settings(Config config) {
        String cancel = config.string(EnvVar.CANCEL_EARLIER_PENDING_ORDERS, "true").trim().toLowerCase(Locale.ROOT);
        if (!cancel.equals("true") && !cancel.equals("false")) {
            throw new IllegalStateException(EnvVar.CANCEL_EARLIER_PENDING_ORDERS + " must be true or false");
        }
        return new OrderSettings(
                config.string(EnvVar.OWNER_CLAIM, EnvVar.DEFAULT_OWNER_CLAIM),
                cancel.equals("true"),
                config.duration(EnvVar.IDENTIFICATION_RETENTION_DAYS, ChronoUnit.DAYS, EnvVar.DEFAULT_IDENTIFICATION_RETENTION_DAYS),
                config.integer(EnvVar.POLL_SHARDS, EnvVar.DEFAULT_POLL_SHARDS),
                // the poll worker moves it to the method's first check (decision 0020); scaled like the poll plans
                // when the local runtime compresses time (POLL_TIME_SCALE, never set in AWS)
                Duration.ofMillis(Math.round(OrderSettings.DEFAULT_FIRST_POLL_DELAY.toMillis()
                        / Double.parseDouble(config.string(EnvVar.POLL_TIME_SCALE, "1")))),
                OrderSettings.DEFAULT_IDEMPOTENCY_WAIT);
    }

    /** Lambda's entry: the event bound with the container's ObjectMapper (see {@link ApiStream}). */
    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        ApiStream.handle(input, output, context, this::handleRequest);
    }

    /** One HTTP API request (tests call it with an event). */
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return ApiHandler.run(event, context, this::route);
    }

    private APIGatewayV2HTTPResponse route(ApiRequest request) {
        String owner = request.claim(service.settings().ownerClaim()).filter(s -> !s.isBlank()).orElse(null);
        if (owner == null) {
            return Problem.unauthorized().toResponse();
        }
        String id = request.pathParam("id").orElse(null);
        Reply reply = switch (request.routeKey()) {
            case "POST /identifications" -> post(owner, request);
            case "GET /identifications" -> service.list(owner, request.queryParams());
            case "GET /identifications/{id}" -> service.get(owner, id);
            case "DELETE /identifications/{id}" -> service.cancel(owner, id);
            case "POST /identifications/{id}/refresh" -> refresh(owner, id, request);
            default -> Reply.problem(404, "not-found", "Not found", "No route " + request.routeKey() + ".");
        };
        return toResponse(reply);
    }

    private Reply post(String owner, ApiRequest request) {
        JsonNode body;
        try {
            // content type, size, JSON object, control characters: the same rules as every write route
            body = JsonBody.object(request, null);
        } catch (ProblemException e) {
            return problem(e);
        }
        return service.place(owner, request.header("idempotency-key").orElse(null), body);
    }

    /** No body needed; one that is sent follows the write routes' rules and may have no field ({@code {}}). */
    private Reply refresh(String owner, String id, ApiRequest request) {
        if (request.bodyBytes().length > 0) {
            try {
                JsonBody.object(request, Set.of());
            } catch (ProblemException e) {
                return problem(e);
            }
        }
        return refreshes.get().refresh(owner, id);
    }

    private static Reply problem(ProblemException e) {
        return new Reply(e.problem().status(), e.problem().toJson(), Map.of(), true);
    }

    static APIGatewayV2HTTPResponse toResponse(Reply reply) {
        ApiResponse r = reply.body() == null ? ApiResponse.empty(reply.status()) : ApiResponse.json(reply.status(), reply.body());
        if (reply.problem()) {
            r.contentType(Problem.CONTENT_TYPE);
        }
        reply.headers().forEach(r::header);
        return r.build();
    }
}
