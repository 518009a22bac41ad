package ch.srsconnect.shared.smartflows;

import ch.srsconnect.shared.http.HttpCall;
import ch.srsconnect.shared.http.HttpResult;
import ch.srsconnect.shared.http.SwisscomHttp;
import ch.srsconnect.shared.http.SwisscomProtocolException;
import ch.srsconnect.shared.http.SwisscomRejectedException;
import ch.srsconnect.shared.http.Urls;
import ch.srsconnect.shared.json.Json;
import ch.srsconnect.shared.log.LogContext;
import ch.srsconnect.shared.token.AccessTokens;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Swisscom Smart Flows API (scope {@code smartflow}), wire contract in srs-api.md §6. msisdns go on the wire as
 * digits without {@code +} ({@code 41791234567}). Errors: {@code SwisscomUnavailableException} (→ 503),
 * {@code SwisscomRejectedException} (unexpected 4xx), {@code SwisscomProtocolException} (→ 502).
 * Endpoint labels never carry the msisdn or the T&C token.
 */
public final class SmartFlowsClient {
    public static final String SEND_OTP = "POST /api/public/phone/verification";
    public static final String CHECK_OTP = "POST /api/public/phone/verification/code";
    public static final String EVIDENCE_STATUS = "GET /api/public/evidence/status";
    public static final String TERMS_LINK = "GET /api/public/evidence/{msisdn}/tc";
    public static final String CONFIRM = "POST /api/public/confirm";
    public static final String TERMS_STATUS = "GET /api/public/mobileid/status";

    private final SwisscomHttp http;
    private final AccessTokens tokens;
    private final URI baseUrl;

    public SmartFlowsClient(SwisscomHttp http, AccessTokens tokens, URI baseUrl) {
        this.http = Objects.requireNonNull(http);
        this.tokens = Objects.requireNonNull(tokens);
        this.baseUrl = Objects.requireNonNull(baseUrl);
    }

    /** Has Smart Flows send an OTP by SMS to {@code msisdn}. Not retried after a 5xx (the user could get two SMS). */
    public void sendOtp(String msisdn) {
        ObjectNode body = Json.object().put("msisdn", wire(msisdn));
        http.send(HttpCall.postJson(Urls.resolve(baseUrl, "/api/public/phone/verification"), SEND_OTP, Json.write(body))
                .bearer(tokens)).requireSuccess();
    }

    /** {@code true} if Smart Flows accepts the code (200), {@code false} for a wrong or unknown code (400). */
    public boolean checkOtp(String msisdn, String code) {
        ObjectNode body = Json.object().put("msisdn", wire(msisdn)).put("code", code);
        HttpResult r = http.send(HttpCall.postJson(Urls.resolve(baseUrl, "/api/public/phone/verification/code"), CHECK_OTP,
                Json.write(body)).bearer(tokens));
        if (r.isSuccess()) {
            return true;
        }
        if (r.status() == 400) {
            return false;
        }
        throw new SwisscomRejectedException(CHECK_OTP, r.status());
    }

    /** Evidence status of {@code msisdn} (LOA per jurisdiction, LOA 4 expiry, signing status). */
    public EvidenceStatus evidenceStatus(String msisdn) {
        JsonNode b = http.send(HttpCall.get(Urls.resolve(baseUrl, "/api/public/evidence/status",
                Map.of("msisdn", List.of(wire(msisdn)))), EVIDENCE_STATUS).bearer(tokens)).requireSuccess().json();
        return parseEvidenceStatus(b);
    }

    static EvidenceStatus parseEvidenceStatus(JsonNode b) {
        if (!b.isObject()) {
            throw new SwisscomProtocolException(EVIDENCE_STATUS, "expected a JSON object");
        }
        List<EvidenceStatus.Level> levels = new ArrayList<>();
        JsonNode st = b.path("status");
        if (st.isArray()) {
            for (JsonNode e : st) {
                String j = e.path("jurisdiction").asText("");
                if (j.isBlank() || !e.path("assuranceLevel").canConvertToInt()) {
                    throw new SwisscomProtocolException(EVIDENCE_STATUS, "status entry without jurisdiction or assuranceLevel");
                }
                levels.add(new EvidenceStatus.Level(j.trim().toUpperCase(Locale.ROOT), e.path("assuranceLevel").asInt()));
            }
        } else if (!st.isMissingNode() && !st.isNull()) {
            throw new SwisscomProtocolException(EVIDENCE_STATUS, "status is not an array");
        }
        JsonNode ss = b.get("signingStatus");
        if (ss == null || !ss.isTextual() || ss.asText().isBlank()) {
            throw new SwisscomProtocolException(EVIDENCE_STATUS, "signingStatus missing");
        }
        return new EvidenceStatus(levels, date(b.get("loa4ExpiryDate")), SigningStatus.parse(ss.asText()),
                ss.asText().trim(), b.path("notFound").asBoolean(false));
    }

    /** Accepts {@code yyyy-MM-dd} or an ISO date-time (the date part); anything else → 502. */
    private static LocalDate date(JsonNode n) {
        if (n == null || n.isNull() || n.asText().isBlank()) {
            return null;
        }
        String s = n.asText().trim();
        try {
            return s.length() <= 10 ? LocalDate.parse(s) : OffsetDateTime.parse(s).toLocalDate();
        } catch (DateTimeParseException e) {
            try {
                return LocalDate.parse(s.substring(0, 10));
            } catch (DateTimeParseException | StringIndexOutOfBoundsException e2) {
                throw new SwisscomProtocolException(EVIDENCE_STATUS, "loa4ExpiryDate is not a date");
            }
        }
    }

    /** The T&C link, or empty for Smart Flows' 404 (nothing to accept: already accepted, or no evidence). */
    public Optional<TermsLink> termsLink(String msisdn) {
        HttpResult r = http.send(HttpCall.get(Urls.resolve(baseUrl, "/api/public/evidence/" + Urls.segment(wire(msisdn)) + "/tc"),
                TERMS_LINK).bearer(tokens));
        if (r.status() == 404) {
            return Optional.empty();
        }
        JsonNode link = r.requireSuccess().json().get("link");
        if (link == null || !link.isTextual()) {
            throw new SwisscomProtocolException(TERMS_LINK, "no link in the answer");
        }
        TermsLink parsed = TermsLink.parse(TERMS_LINK, link.asText());
        LogContext.redact(parsed.token().value());   // defence in depth: never in a log line, whatever logs it
        return Optional.of(parsed);
    }

    /**
     * Starts the asynchronous T&C acceptance for the link's token. Field spelling as in the guide
     * ({@code decizionZertes}). Not retried after a 5xx.
     */
    public void confirm(TermsLink link, boolean zertes, boolean eidas, boolean knowsTheRisk) {
        ObjectNode body = Json.object()
                .put("decizionZertes", zertes)
                .put("decisionEidas", eidas)
                .put("knowsTheRisk", knowsTheRisk)
                .put("token", link.token().value());
        http.send(HttpCall.postJson(Urls.resolve(baseUrl, "/api/public/confirm"), CONFIRM, Json.write(body))
                .bearer(tokens)).requireSuccess();
    }

    /** Status of a T&C acceptance: confirmed / downgrade / consentUrl / error. */
    public TermsStatus termsStatus(TermsToken token) {
        JsonNode b = http.send(HttpCall.get(Urls.resolve(baseUrl, "/api/public/mobileid/status",
                Map.of("token", List.of(token.value()))), TERMS_STATUS).bearer(tokens)).requireSuccess().json();
        if (!b.isObject()) {
            throw new SwisscomProtocolException(TERMS_STATUS, "expected a JSON object");
        }
        String consent = text(b.get("consentUrl"));
        URI consentUrl = null;
        if (consent != null) {
            try {
                consentUrl = new URI(consent);
            } catch (URISyntaxException e) {
                throw new SwisscomProtocolException(TERMS_STATUS, "consentUrl is not a URL");
            }
            if (!consentUrl.isAbsolute() || !("https".equals(consentUrl.getScheme()) || "http".equals(consentUrl.getScheme()))) {
                throw new SwisscomProtocolException(TERMS_STATUS, "consentUrl is not an http(s) URL");
            }
        }
        return new TermsStatus(b.path("confirmed").asBoolean(false), b.path("downgrade").asBoolean(false), consentUrl,
                text(b.get("error")));
    }

    private static String text(JsonNode n) {
        if (n == null || n.isNull()) {
            return null;
        }
        String s = n.isTextual() ? n.asText() : n.toString();
        return s.isBlank() ? null : s.trim();
    }

    /** {@code +41791234567} → {@code 41791234567} (Smart Flows' spelling). */
    static String wire(String msisdn) {
        Objects.requireNonNull(msisdn, "msisdn");
        return msisdn.startsWith("+") ? msisdn.substring(1) : msisdn;
    }
}
