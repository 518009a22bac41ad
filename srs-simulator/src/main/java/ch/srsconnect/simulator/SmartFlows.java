package ch.srsconnect.simulator;

import ch.srsconnect.simulator.Http.Req;
import ch.srsconnect.simulator.Http.Resp;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Smart Flows (srs-api.md §6): phone OTP, evidence status, T&C link / confirm / status with a
 * consent page for password+OTP users. Mobile ID users confirm on their phone: simulated as done
 * 20 (scaled) seconds after the confirm call.
 */
final class SmartFlows {

    static final Set<String> SIGNING_STATUSES = Set.of("MID", "SAS", "NOT_ABLE_TO_RETRIEVE", "NOT_REGISTERED_AT_ALL",
            "NOT_RA_MID_SAS", "MISSMATCH_SAS_BUT_MID", "MISSMATCH_SAS_CHANGE_SN", "MISSMATCH_MID",
            "MISMATCH_SAS_BUT_MID", "MISMATCH_SAS_CHANGE_SN", "MISMATCH_MID", "MISMATCH", "MISSMATCH");
    static final long MOBILE_ID_CONFIRM_SECONDS = 20;

    private static final class TcRequest {
        final String token;
        final String msisdn;
        final Lifecycle.Evidence evidence;
        boolean confirmCalled;
        boolean downgrade;
        String consentUrl;
        Instant confirmedAt;

        TcRequest(String token, String msisdn, Lifecycle.Evidence evidence) {
            this.token = token;
            this.msisdn = msisdn;
            this.evidence = evidence;
        }
    }

    private final Lifecycle lifecycle;
    private final URI baseUrl;
    private final SecureRandom random = new SecureRandom();
    /** A code sent by SMS: valid for {@code otpValiditySeconds} (real time) and {@link #OTP_ATTEMPTS} checks. */
    private record Otp(String code, Instant expiresAt, int attemptsLeft) {
    }

    static final int OTP_ATTEMPTS = 3;
    private final Map<String, Otp> otps = new ConcurrentHashMap<>();
    private final Duration otpValidity;
    private final Map<String, String> authMethods = new ConcurrentHashMap<>();
    private final Map<String, String> signingOverrides = new ConcurrentHashMap<>();
    private final Map<String, TcRequest> requests = new ConcurrentHashMap<>();

    SmartFlows(Lifecycle lifecycle, URI baseUrl, Duration otpValidity) {
        this.lifecycle = lifecycle;
        this.baseUrl = baseUrl;
        this.otpValidity = otpValidity;
    }

    void registerRoutes(SrsSimulator.RouteSink r) {
        r.route("POST", "/api/public/phone/verification", "smartflow", this::sendOtp);
        r.route("POST", "/api/public/phone/verification/code", "smartflow", this::checkOtp);
        r.route("GET", "/api/public/evidence/status", "smartflow", this::evidenceStatus);
        r.route("GET", "/api/public/evidence/{msisdn}/tc", "smartflow", this::tcLink);
        r.route("POST", "/api/public/confirm", "smartflow", this::confirm);
        r.route("GET", "/api/public/mobileid/status", "smartflow", this::tcStatus);
        r.route("GET", "/t/{token}", null, this::tcPage);
        r.route("GET", "/consent/{token}", null, this::consentPage);
        r.route("POST", "/consent/{token}", null, this::consentSubmit);

        r.route("GET", "/_admin/otp/{msisdn}", null, req -> {
            String m = msisdn(req.var("msisdn"));
            Otp otp = otps.get(m);
            if (otp == null) {
                return Resp.error(404, "not_found", "no OTP pending for this msisdn");
            }
            ObjectNode n = Http.JSON.createObjectNode();
            n.put("msisdn", m);
            n.put("code", otp.code());
            n.put("expiresAt", otp.expiresAt().toString());
            n.put("attemptsLeft", otp.attemptsLeft());
            return Resp.json(200, n);
        });
        r.route("POST", "/_admin/users/{msisdn}", null, this::adminUser);
    }

    private static String msisdn(String raw) {
        if (raw == null || raw.isBlank()) {
            throw Http.fail(400, "invalid_request", "msisdn is mandatory");
        }
        try {
            return Msisdns.normalise(raw);
        } catch (IllegalArgumentException e) {
            throw Http.fail(400, "invalid_request", e.getMessage());
        }
    }

    private static String text(JsonNode body, String f) {
        JsonNode v = body.get(f);
        return v == null || v.isNull() ? null : v.asText().trim();
    }

    /** Sends (stores) a fresh 4-letter code for this msisdn, replacing an earlier one. */
    String newOtp(String msisdn) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 4; i++) {
            sb.append((char) ('A' + random.nextInt(26)));
        }
        otps.put(msisdn, new Otp(sb.toString(), Instant.now().plus(otpValidity), OTP_ATTEMPTS));
        return sb.toString();
    }

    /** True once for the right code in time; a wrong code uses up an attempt, the last one voids the code. */
    private boolean consumeOtp(String msisdn, String code) {
        Otp[] matched = new Otp[1];
        otps.computeIfPresent(msisdn, (k, otp) -> {
            if (Instant.now().isAfter(otp.expiresAt())) {
                return null;
            }
            if (code != null && otp.code().equals(code.trim().toUpperCase(Locale.ROOT))) {
                matched[0] = otp;
                return null;
            }
            return otp.attemptsLeft() > 1 ? new Otp(otp.code(), otp.expiresAt(), otp.attemptsLeft() - 1) : null;
        });
        return matched[0] != null;
    }

    private Resp sendOtp(Req req) {
        newOtp(msisdn(text(req.strictJsonBody(Set.of("msisdn")), "msisdn")));
        return Resp.json(200, Http.JSON.createObjectNode());
    }

    private Resp checkOtp(Req req) {
        ObjectNode b = req.strictJsonBody(Set.of("msisdn", "code"));
        String m = msisdn(text(b, "msisdn"));
        if (!consumeOtp(m, text(b, "code"))) {
            return Resp.error(400, "invalid_code", "the code is wrong, expired, used up or was never sent");
        }
        return Resp.json(200, Http.JSON.createObjectNode());
    }

    private Resp evidenceStatus(Req req) {
        List<String> q = req.query().get("msisdn");
        String m = msisdn(q == null ? null : q.get(0));
        Lifecycle.Evidence e = lifecycle.currentEvidence(m);
        ObjectNode n = Http.JSON.createObjectNode();
        ArrayNode st = n.putArray("status");
        String override = signingOverrides.get(m);
        if (e == null) {
            n.putNull("loa4ExpiryDate");
            n.put("signingStatus", override != null ? override : "NOT_REGISTERED_AT_ALL");
            n.put("notFound", true);
            return Resp.json(200, n);
        }
        e.loa.entrySet().stream().sorted(Map.Entry.comparingByKey(java.util.Comparator.reverseOrder()))
                .forEach(x -> st.addObject().put("assuranceLevel", x.getValue())
                        .put("jurisdiction", x.getKey().toLowerCase(Locale.ROOT)));
        if (e.maxLoa() >= 4) {
            n.put("loa4ExpiryDate", e.expiresAt.toString());
        } else {
            n.putNull("loa4ExpiryDate");
        }
        n.put("signingStatus", override != null ? override : authMethods.getOrDefault(m, "MID"));
        n.put("notFound", false);
        return Resp.json(200, n);
    }

    private Resp tcLink(Req req) {
        String m = msisdn(req.var("msisdn"));
        Lifecycle.Evidence e = lifecycle.currentEvidence(m);
        if (e == null || e.accepted()) {
            return Resp.error(404, "not_found", "nothing to accept: no evidence, or T&C already accepted");
        }
        synchronized (this) {
            if (e.tcToken == null || !requests.containsKey(e.tcToken)) {
                byte[] b = new byte[16];
                random.nextBytes(b);
                e.tcToken = HexFormat.of().formatHex(b);
                requests.put(e.tcToken, new TcRequest(e.tcToken, m, e));
            }
        }
        ObjectNode n = Http.JSON.createObjectNode();
        n.put("link", baseUrl + "/t/" + e.tcToken);
        return Resp.json(200, n);
    }

    private TcRequest request(String token) {
        TcRequest t = token == null ? null : requests.get(token);
        if (t == null) {
            throw Http.fail(404, "not_found", "unknown T&C token");
        }
        return t;
    }

    private Resp confirm(Req req) {
        ObjectNode b = req.strictJsonBody(Set.of("decizionZertes", "decisionEidas", "knowsTheRisk", "token"));
        String token = text(b, "token");
        if (token == null) {
            return Resp.error(400, "invalid_request", "token is mandatory");
        }
        JsonNode zertes = b.get("decizionZertes");
        JsonNode eidas = b.get("decisionEidas");
        JsonNode risk = b.get("knowsTheRisk");
        if (zertes == null || !zertes.isBoolean() || eidas == null || !eidas.isBoolean() || risk == null || !risk.isBoolean()) {
            return Resp.error(400, "invalid_request", "decizionZertes, decisionEidas and knowsTheRisk must be booleans");
        }
        if (!zertes.asBoolean() && !eidas.asBoolean()) {
            return Resp.error(400, "invalid_request", "accept at least one jurisdiction");
        }
        if (!risk.asBoolean()) {
            return Resp.error(400, "invalid_request", "knowsTheRisk must be true");
        }
        TcRequest t = request(token);
        synchronized (t) {
            if (!t.confirmCalled) {
                t.confirmCalled = true;
                t.downgrade = !(zertes.asBoolean() && eidas.asBoolean());
                if ("SAS".equals(authMethods.get(t.msisdn))) {
                    t.consentUrl = baseUrl + "/consent/" + t.token;
                } else {
                    t.confirmedAt = Instant.now().plus(lifecycle.scaled(MOBILE_ID_CONFIRM_SECONDS));
                    t.evidence.termsAcceptedAt = t.confirmedAt;
                }
            }
        }
        return Resp.json(200, Http.JSON.createObjectNode());
    }

    private Resp tcStatus(Req req) {
        List<String> q = req.query().get("token");
        TcRequest t = request(q == null ? null : q.get(0));
        boolean done;
        synchronized (t) {
            done = t.confirmedAt != null && !t.confirmedAt.isAfter(Instant.now());
        }
        ObjectNode n = Http.JSON.createObjectNode();
        n.put("token", t.token);
        n.putNull("error");
        n.put("consentUrl", done ? null : t.consentUrl);
        n.put("confirmed", done && !t.downgrade);
        n.put("downgrade", done && t.downgrade);
        return Resp.json(200, n);
    }

    private Resp tcPage(Req req) {
        TcRequest t = request(req.var("token"));
        return Resp.html(200, "<!doctype html><html><head><meta charset=\"utf-8\"><title>Terms and Conditions</title></head>"
                + "<body><h1>Swisscom Trust Services T&amp;C (simulated)</h1><p>token: <code id=\"token\">" + t.token
                + "</code></p><p>Accept through the Smart Flows confirm call.</p></body></html>");
    }

    private Resp consentPage(Req req) {
        TcRequest t = request(req.var("token"));
        if (t.consentUrl == null) {
            return Resp.html(409, "<!doctype html><html><body><p>No password+OTP consent pending for this token.</p></body></html>");
        }
        newOtp(t.msisdn);
        return Resp.html(200, "<!doctype html><html><head><meta charset=\"utf-8\"><title>Consent</title></head><body>"
                + "<h1>Confirm the T&amp;C with password and OTP (simulated)</h1>"
                + "<p>An OTP was sent to your phone (read it at /_admin/otp/{msisdn}).</p>"
                + "<form method=\"post\" action=\"/consent/" + t.token + "\">"
                + "<label>password <input type=\"password\" name=\"password\"></label><br>"
                + "<label>OTP <input name=\"otp\"></label><br><button type=\"submit\">Confirm</button></form></body></html>");
    }

    private Resp consentSubmit(Req req) {
        TcRequest t = request(req.var("token"));
        Map<String, List<String>> form = Http.parseForm(req.bodyText(), false);
        String password = form.getOrDefault("password", List.of("")).get(0);
        String otp = form.getOrDefault("otp", List.of("")).get(0);
        if (t.consentUrl == null) {
            return Resp.html(409, "<!doctype html><html><body><p>No consent pending.</p></body></html>");
        }
        if (password.isBlank() || !consumeOtp(t.msisdn, otp)) {
            return Resp.html(400, "<!doctype html><html><body><p>Wrong password or OTP.</p></body></html>");
        }
        synchronized (t) {
            t.confirmedAt = Instant.now();
            t.evidence.termsAccepted = true;
        }
        return Resp.html(200, "<!doctype html><html><body><p id=\"done\">T&amp;C accepted.</p></body></html>");
    }

    private Resp adminUser(Req req) {
        String m = msisdn(req.var("msisdn"));
        ObjectNode b = req.jsonBody();
        if (b.has("authMethod")) {
            String a = text(b, "authMethod");
            if (a == null) {
                authMethods.remove(m);
            } else if (a.equalsIgnoreCase("MID") || a.equalsIgnoreCase("SAS")) {
                authMethods.put(m, a.toUpperCase(Locale.ROOT));
            } else {
                return Resp.error(400, "invalid_request", "authMethod must be MID or SAS");
            }
        }
        if (b.has("signingStatus")) {
            String s = text(b, "signingStatus");
            if (s == null) {
                signingOverrides.remove(m);
            } else if (SIGNING_STATUSES.contains(s)) {
                signingOverrides.put(m, s);
            } else {
                return Resp.error(400, "invalid_request", "signingStatus must be one of " + SIGNING_STATUSES);
            }
        }
        ObjectNode n = Http.JSON.createObjectNode();
        n.put("msisdn", m);
        n.put("authMethod", authMethods.getOrDefault(m, "MID"));
        n.put("signingStatus", signingOverrides.get(m));
        return Resp.json(200, n);
    }
}
