package ch.srsconnect.shared.api;

import ch.srsconnect.shared.json.Json;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * RFC 9457 problem details, served as {@code application/problem+json}:
 * {@code {"type":"urn:srs-connect:problem:<slug>","title","status","detail","errors":[{"field","message"}]}},
 * with {@code Retry-After} where a retry makes sense. Details never carry SRS bodies, tokens or personal data.
 */
public final class Problem {
    public static final String CONTENT_TYPE = "application/problem+json";
    public static final String TYPE_PREFIX = "urn:srs-connect:problem:";

    private final String slug;
    private final String title;
    private final int status;
    private final String detail;
    private final List<FieldError> errors;
    private final Long retryAfterSeconds;

    private Problem(String slug, String title, int status, String detail, List<FieldError> errors, Long retryAfterSeconds) {
        this.slug = Objects.requireNonNull(slug);
        this.title = Objects.requireNonNull(title);
        this.status = status;
        this.detail = detail;
        this.errors = errors == null ? List.of() : List.copyOf(errors);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** Any problem; {@code slug} is lower-case-with-dashes. */
    public static Problem of(int status, String slug, String title, String detail) {
        return new Problem(slug, title, status, detail, List.of(), null);
    }

    /** Any problem with field errors (e.g. a 422 naming each field that breaks a rule). */
    public static Problem of(int status, String slug, String title, String detail, List<FieldError> errors) {
        return new Problem(slug, title, status, detail, errors, null);
    }

    public static Problem invalidParameters(List<FieldError> errors) {
        return new Problem("invalid-parameters", "Invalid parameters", 400,
                "One or more parameters are invalid; see errors.", errors, null);
    }

    public static Problem badRequest(String detail) {
        return of(400, "bad-request", "Bad request", detail);
    }

    public static Problem unauthorized() {
        return of(401, "unauthorized", "Unauthorized", "A valid access token is required.");
    }

    public static Problem forbidden(String detail) {
        return of(403, "forbidden", "Forbidden", detail);
    }

    public static Problem notFound(String detail) {
        return of(404, "not-found", "Not found", detail);
    }

    public static Problem conflict(String detail) {
        return of(409, "conflict", "Conflict", detail);
    }

    /** Swisscom unreachable or failing: 503 with {@code Retry-After}. */
    public static Problem serviceUnavailable(long retryAfterSeconds) {
        return new Problem("service-unavailable", "Service unavailable", 503,
                "The identification service is temporarily unavailable. Retry later.", List.of(),
                Math.max(1, retryAfterSeconds));
    }

    /** A rate limit was hit: 429 with {@code Retry-After}. */
    public static Problem tooManyRequests(String detail, long retryAfterSeconds) {
        return new Problem("too-many-requests", "Too many requests", 429, detail, List.of(), Math.max(1, retryAfterSeconds));
    }

    /** Swisscom answered something unusable: 502. */
    public static Problem badGateway() {
        return of(502, "bad-gateway", "Bad gateway", "The identification service returned an unexpected answer.");
    }

    public static Problem internalError() {
        return of(500, "internal-error", "Internal error", "An unexpected error occurred.");
    }

    /**
     * The problem to answer for a failure: {@link ProblemException} → its problem; malformed request → 400;
     * Swisscom unavailable / missing credentials → 503 with Retry-After; Swisscom rejected or answered
     * nonsense → 502; anything else → 500. Never exposes Swisscom internals.
     */
    public static Problem forFailure(Throwable t) {
        if (t instanceof ProblemException pe) {
            return pe.problem();
        }
        if (t instanceof MalformedRequestException m) {
            return badRequest(m.getMessage());
        }
        if (t instanceof ch.srsconnect.shared.http.SwisscomUnavailableException u) {
            return serviceUnavailable(u.retryAfterSeconds());
        }
        if (t instanceof ch.srsconnect.shared.token.CredentialsUnavailableException) {
            return serviceUnavailable(ch.srsconnect.shared.http.HttpSettings.DEFAULT_RETRY_AFTER_SECONDS);
        }
        if (t instanceof ch.srsconnect.shared.http.SwisscomException) {
            return badGateway();
        }
        return internalError();
    }

    /** A copy with another detail text. */
    public Problem withDetail(String newDetail) {
        return new Problem(slug, title, status, newDetail, errors, retryAfterSeconds);
    }

    public String slug() {
        return slug;
    }

    public String type() {
        return TYPE_PREFIX + slug;
    }

    public String title() {
        return title;
    }

    public int status() {
        return status;
    }

    public String detail() {
        return detail;
    }

    public List<FieldError> errors() {
        return errors;
    }

    public OptionalLong retryAfterSeconds() {
        return retryAfterSeconds == null ? OptionalLong.empty() : OptionalLong.of(retryAfterSeconds);
    }

    public ObjectNode toJson() {
        ObjectNode n = Json.object();
        n.put("type", type());
        n.put("title", title);
        n.put("status", status);
        if (detail != null) {
            n.put("detail", detail);
        }
        if (!errors.isEmpty()) {
            ArrayNode arr = n.putArray("errors");
            for (FieldError e : errors) {
                arr.addObject().put("field", e.field()).put("message", e.message());
            }
        }
        return n;
    }

    public APIGatewayV2HTTPResponse toResponse() {
        ApiResponse r = ApiResponse.json(status, toJson()).contentType(CONTENT_TYPE).noStore();
        if (retryAfterSeconds != null) {
            r.header("Retry-After", Long.toString(retryAfterSeconds));
        }
        return r.build();
    }

    /** An exception carrying this problem, for use cases that want to stop with a client-facing answer. */
    public ProblemException asException() {
        return new ProblemException(this);
    }

    @Override
    public String toString() {
        return "Problem[" + status + " " + slug + "]";
    }
}
