package ch.srsconnect.shared.ra;

import ch.srsconnect.shared.Platform;
import ch.srsconnect.shared.config.EnvVar;
import ch.srsconnect.shared.http.HttpCall;
import ch.srsconnect.shared.http.HttpResult;
import ch.srsconnect.shared.http.SwisscomProtocolException;
import ch.srsconnect.shared.http.Urls;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * RA lookup (srs-api.md §5; authentication per {@code RA_AUTH}, see {@link RaConnection}): {@code POST {RA_BASE_URL}/api/evidences/lookup}
 * {@code {"msisdn":"41791234567"}} → 200 evidence (the user can sign) or 404 (no usable evidence yet).
 * The lookup only reads, so it is sent as idempotent (SwisscomHttp retries 5xx/429/IO).
 */
public final class RaClient {
    public static final String LOOKUP = "POST /api/evidences/lookup";

    private final RaConnection connection;
    private final URI baseUrl;
    private final Clock clock;

    public RaClient(RaConnection connection, URI baseUrl, Clock clock) {
        this.connection = connection;
        this.baseUrl = baseUrl;
        this.clock = clock;
    }

    /** The RA client of a platform: {@code RA_BASE_URL}, authenticated as {@code RA_AUTH} says. */
    public static RaClient of(Platform platform, Clock clock) {
        return new RaClient(RaConnection.of(platform), platform.config().uri(EnvVar.RA_BASE_URL), clock);
    }

    /**
     * @param msisdn the user's number in any spelling ({@code +4179...}); RA gets digits only
     * @return the evidence, or empty when RA answers 404
     */
    public Optional<RaEvidence> lookup(String msisdn) {
        ObjectNode body = JsonNodeFactory.instance.objectNode().put("msisdn", digits(msisdn));
        HttpCall call = HttpCall.postJson(Urls.resolve(baseUrl, "/api/evidences/lookup", Map.of()), LOOKUP, body.toString())
                .idempotent(true);
        HttpResult r = connection.http().send(connection.authorize(call));
        if (r.status() == 404) {
            return Optional.empty();
        }
        JsonNode n = r.requireSuccess().json();
        if (!n.isObject()) {
            throw new SwisscomProtocolException(LOOKUP, "expected a JSON object");
        }
        LocalDate expires = null;
        String text = n.path("expiresAt").asText(null);
        if (text != null && !text.isBlank()) {
            try {
                expires = LocalDate.parse(text.length() > 10 ? text.substring(0, 10) : text);
            } catch (DateTimeParseException e) {
                throw new SwisscomProtocolException(LOOKUP, "expiresAt is not a date");
            }
        }
        List<String> jurisdictions = new ArrayList<>();
        n.path("jurisdictions").forEach(j -> jurisdictions.add(j.asText()));
        boolean within90 = n.hasNonNull("expiresWithin90Days") ? n.get("expiresWithin90Days").asBoolean()
                : RaEvidence.expiresWithin90Days(expires, LocalDate.now(clock));
        return Optional.of(new RaEvidence(n.path("evidenceId").asText(null),
                n.hasNonNull("assuranceLevel") ? n.get("assuranceLevel").asInt() : null, jurisdictions, expires, within90));
    }

    static String digits(String msisdn) {
        String d = msisdn.replaceAll("[^0-9]", "");
        return d.startsWith("00") ? d.substring(2) : d;
    }
}
