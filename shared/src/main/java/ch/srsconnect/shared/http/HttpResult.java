package ch.srsconnect.shared.http;

import ch.srsconnect.shared.json.Json;
import com.fasterxml.jackson.databind.JsonNode;

import com.fasterxml.jackson.core.JsonProcessingException;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A Swisscom answer with a status below 500 (other than 429). Header names are case-insensitive when {@code headers}
 * is a map that makes them so, as {@link HttpTransport}'s are. {@link #toString()} never shows the body.
 */
public record HttpResult(String endpoint, int status, Map<String, List<String>> headers, String body) {

    public boolean isSuccess() {
        return status >= 200 && status < 300;
    }

    public Optional<String> header(String name) {
        return HttpTransport.firstValue(headers, name);
    }

    /** This result if 2xx, else {@link SwisscomRejectedException}. */
    public HttpResult requireSuccess() {
        if (!isSuccess()) {
            throw new SwisscomRejectedException(endpoint, status);
        }
        return this;
    }

    /** The body as JSON; {@link SwisscomProtocolException} if empty or malformed. */
    public JsonNode json() {
        if (body == null || body.isBlank()) {
            throw new SwisscomProtocolException(endpoint, "empty body where JSON was expected (HTTP " + status + ")");
        }
        try {
            return Json.parse(body);
        } catch (JsonProcessingException e) {
            throw new SwisscomProtocolException(endpoint, "body is not valid JSON (HTTP " + status + ")");
        }
    }

    @Override
    public String toString() {
        return "HttpResult[" + endpoint + " " + status + ", " + (body == null ? 0 : body.length()) + " chars]";
    }
}
