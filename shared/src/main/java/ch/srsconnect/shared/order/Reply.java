package ch.srsconnect.shared.order;

import ch.srsconnect.shared.api.FieldError;
import ch.srsconnect.shared.api.Problem;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a use case answers: status, JSON body (or none), extra headers, and whether it is a problem
 * ({@code application/problem+json}, RFC 9457). Bodies never carry names, date of birth, email or place of birth.
 */
public record Reply(int status, JsonNode body, Map<String, String> headers, boolean problem) {

    public Reply {
        headers = Map.copyOf(headers);
    }

    public static Reply json(int status, JsonNode body) {
        return new Reply(status, body, Map.of(), false);
    }

    public static Reply problem(int status, String slug, String title, String detail) {
        return problem(status, slug, title, detail, List.of());
    }

    /** A problem in the shape of {@link Problem}: {@code type, title, status, detail, errors[{field, message}]}. */
    public static Reply problem(int status, String slug, String title, String detail, List<FieldError> errors) {
        return new Reply(status, Problem.of(status, slug, title, detail, errors).toJson(), Map.of(), true);
    }

    public static Reply invalid(int status, List<FieldError> errors) {
        return status == 400
                ? problem(400, "invalid-request", "Invalid request", "The request cannot be read; see errors.", errors)
                : problem(status, "invalid-order", "Invalid order", "The order does not meet the method's rules; see errors. Nothing was stored or sent.", errors);
    }

    public static Reply notFound() {
        return problem(404, "not-found", "Not found", "No such identification.");
    }

    public static Reply unavailable(long retryAfterSeconds, String detail) {
        return problem(503, "service-unavailable", "Service unavailable", detail)
                .withHeader("Retry-After", Long.toString(Math.max(1, retryAfterSeconds)));
    }

    public Reply withHeader(String name, String value) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put(name, value);
        return new Reply(status, body, h, problem);
    }

    /** Adds a property to a problem (RFC 9457 extension member) or JSON body. */
    public Reply with(String name, String value) {
        if (body instanceof ObjectNode o) {
            o.put(name, value);
        }
        return this;
    }
}
