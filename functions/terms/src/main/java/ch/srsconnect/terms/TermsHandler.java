package ch.srsconnect.terms;

import ch.srsconnect.shared.Platform;
import ch.srsconnect.shared.api.ApiHandler;
import ch.srsconnect.shared.api.ApiRequest;
import ch.srsconnect.shared.api.ApiResponse;
import ch.srsconnect.shared.api.ApiStream;
import ch.srsconnect.shared.api.FieldError;
import ch.srsconnect.shared.api.JsonBody;
import ch.srsconnect.shared.api.Problem;
import ch.srsconnect.shared.http.Urls;
import ch.srsconnect.shared.json.Json;
import ch.srsconnect.shared.phone.PhoneNumbers;
import ch.srsconnect.shared.phone.PhoneVerification;
import ch.srsconnect.shared.phone.PhoneVerifications;
import ch.srsconnect.shared.store.TableWarmUp;
import ch.srsconnect.shared.terms.TermsService;
import ch.srsconnect.shared.terms.TermsWiring;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Terms and evidence through Smart Flows (issue 5):
 * <ul>
 *   <li>{@code POST /phone-verifications {msisdn}} → 201 (429 + Retry-After when rate limited)</li>
 *   <li>{@code POST /phone-verifications/{id}/check {code}} → 200 verified; 400 wrong code (field {@code code});
 *       410 expired / exhausted; 404 not the caller's</li>
 *   <li>{@code GET /evidence/{msisdn}} → 200 merged Smart Flows status + RA lookup; 503 + Retry-After for
 *       {@code NOT_ABLE_TO_RETRIEVE}</li>
 *   <li>{@code GET /evidence/{msisdn}/terms} → 200 link, or {@code termsToAccept:false}</li>
 *   <li>{@code POST /evidence/{msisdn}/terms/confirm {decisionZertes, decisionEidas, knowsTheRisk}} → 202; 409 nothing to accept</li>
 *   <li>{@code GET /evidence/{msisdn}/terms/status} → 200 {@code state}: PENDING, CONSENT_REQUIRED (consentUrl),
 *       CONFIRMED, DOWNGRADED, ERROR</li>
 * </ul>
 * Every msisdn route answers 403 unless the caller proved the number by OTP recently or used it in one of its
 * own identifications. The caller is the JWT claim {@code OWNER_CLAIM} (default {@code sub}), as for place-order.
 *
 * <p>Reads (template.yaml), besides the SRS platform variables: {@code SMARTFLOWS_BASE_URL},
 * {@code SMARTFLOWS_TOKEN_CACHE_SECRET_ID}, {@code RA_BASE_URL}, {@code RA_AUTH}, {@code RA_CLIENT_CERTIFICATE_SECRET_ID},
 * {@code IDENTIFICATION_TABLE_NAME}, {@code OWNER_CLAIM}, the {@code PHONE_*} limits, and for nudging the caller's RA
 * lookups after an OTP check or a T&amp;C confirmation {@code POLL_QUEUE_URL} and {@code POLL_LEASE_SECONDS}.
 */
public final class TermsHandler implements RequestStreamHandler {

    static final String START = "POST /phone-verifications";
    static final String CHECK = "POST /phone-verifications/{id}/check";
    static final String EVIDENCE = "GET /evidence/{msisdn}";
    static final String TERMS = "GET /evidence/{msisdn}/terms";
    static final String CONFIRM = "POST /evidence/{msisdn}/terms/confirm";
    static final String STATUS = "GET /evidence/{msisdn}/terms/status";
    private static final Pattern ID = Pattern.compile("[0-9a-f-]{36}");

    private final PhoneVerifications phones;
    private final TermsService terms;
    private final String ownerClaim;

    /** Lambda's constructor: once per container, from the environment. */
    public TermsHandler() {
        this(Platform.forSwisscomCalls());
        ApiStream.warmUp();   // no I/O: the event binding and the DynamoDB requests before the first request
        TableWarmUp.requests();
    }

    /** Component tests: the production wiring on a given platform. */
    public TermsHandler(Platform platform) {
        this(TermsWiring.of(platform, Clock.systemUTC()));
    }

    public TermsHandler(TermsWiring wiring) {
        this.phones = Objects.requireNonNull(wiring.phones());
        this.terms = Objects.requireNonNull(wiring.terms());
        this.ownerClaim = Objects.requireNonNull(wiring.ownerClaim());
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

    private APIGatewayV2HTTPResponse route(ApiRequest r) {
        String owner = r.claim(ownerClaim).filter(s -> !s.isBlank()).orElseThrow(() -> Problem.unauthorized().asException());
        return switch (r.routeKey()) {
            case START -> start(r, owner);
            case CHECK -> check(r, owner);
            case EVIDENCE -> ApiResponse.json(200, terms.evidence(owner, msisdn(r)).toJson()).build();
            case TERMS -> ApiResponse.json(200, terms.link(owner, msisdn(r))).build();
            case CONFIRM -> confirm(r, owner);
            case STATUS -> ApiResponse.json(200, terms.status(owner, msisdn(r))).build();
            default -> Problem.notFound("No such route.").toResponse();
        };
    }

    private APIGatewayV2HTTPResponse start(ApiRequest r, String owner) {
        JsonNode body = JsonBody.object(r, Set.of("msisdn"));
        JsonNode m = body.get("msisdn");
        String msisdn = m == null || !m.isTextual() ? null : PhoneNumbers.normalise(m.asText()).orElse(null);
        if (msisdn == null) {
            throw invalid("msisdn", "an international mobile number such as +41791234567 is required");
        }
        PhoneVerification v = phones.start(owner, msisdn);
        return ApiResponse.json(201, verificationJson(v)).header("Location", "/phone-verifications/" + v.id()).build();
    }

    private APIGatewayV2HTTPResponse check(ApiRequest r, String owner) {
        String id = r.pathParam("id").filter(x -> ID.matcher(x).matches())
                .orElseThrow(() -> Problem.notFound("No such phone verification.").asException());
        JsonNode code = JsonBody.object(r, Set.of("code")).get("code");
        PhoneVerification v = phones.check(owner, id, code == null || !code.isTextual() ? null : code.asText());
        terms.phoneProved(owner, v.msisdn());
        ObjectNode n = verificationJson(v);
        // how long the number now counts as the caller's (PHONE_PROOF_VALIDITY_SECONDS)
        n.put("provedUntil", phones.recentProof(owner, v.msisdn())
                .map(at -> at.plus(phones.settings().proofValidity()).toString()).orElse(null));
        return ApiResponse.json(200, n).build();
    }

    private APIGatewayV2HTTPResponse confirm(ApiRequest r, String owner) {
        String msisdn = msisdn(r);
        // "token" is named here so that it gets its own answer below, not "unknown field"
        JsonNode body = JsonBody.object(r, Set.of("decisionZertes", "decisionEidas", "knowsTheRisk", "token"));
        List<FieldError> errors = new ArrayList<>();
        if (body.has("token")) {
            errors.add(new FieldError("token", "not accepted: the T&C token is taken from Swisscom's T&C link, never from the caller"));
        }
        Boolean zertes = bool(body, "decisionZertes", errors);
        Boolean eidas = bool(body, "decisionEidas", errors);
        Boolean risk = bool(body, "knowsTheRisk", errors);
        if (risk != null && !risk) {
            errors.add(new FieldError("knowsTheRisk", "must be true: the user must confirm knowing the risk"));
        }
        if (zertes != null && eidas != null && !zertes && !eidas) {
            errors.add(new FieldError("decisionZertes", "accept the T&C for at least one jurisdiction (decisionZertes or decisionEidas)"));
        }
        if (!errors.isEmpty()) {
            throw Problem.invalidParameters(errors).asException();
        }
        terms.confirm(owner, msisdn, zertes, eidas);
        ObjectNode n = Json.object();
        n.put("msisdn", msisdn);
        n.put("state", "PENDING");
        String statusUrl = "/evidence/" + Urls.segment(msisdn) + "/terms/status";
        n.put("statusUrl", statusUrl);
        return ApiResponse.json(202, n).header("Location", statusUrl).build();
    }

    private static ObjectNode verificationJson(PhoneVerification v) {
        ObjectNode n = Json.object();
        n.put("id", v.id());
        n.put("msisdn", v.msisdn());
        n.put("status", v.state().name().toLowerCase(java.util.Locale.ROOT));
        n.put("expiresAt", v.validUntil().toString());
        n.put("attemptsLeft", v.attemptsLeft());
        return n;
    }

    private static String msisdn(ApiRequest r) {
        return r.pathParam("msisdn").flatMap(PhoneNumbers::normalise)
                .orElseThrow(() -> invalid("msisdn", "an international mobile number such as +41791234567 is required"));
    }

    private static Boolean bool(JsonNode body, String field, List<FieldError> errors) {
        JsonNode v = body.get(field);
        if (v == null || !v.isBoolean()) {
            errors.add(new FieldError(field, "required: true or false"));
            return null;
        }
        return v.asBoolean();
    }

    private static RuntimeException invalid(String field, String message) {
        return Problem.invalidParameters(List.of(new FieldError(field, message))).asException();
    }
}
