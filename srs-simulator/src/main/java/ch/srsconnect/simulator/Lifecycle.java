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
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Orders, the identification lifecycle and RA evidences (srs-api.md §3–§5). Statuses are scheduled
 * with timestamps when an outcome is known and become visible as (real) time passes: no threads.
 * One lock (this) guards all state.
 */
final class Lifecycle {

    static final String PROVIDER_TYPE = "application/vnd.sc.miss.provider.v1+json";
    static final Set<String> FINAL = Set.of("terminated", "error", "negatively_conducted", "timeout", "canceled");
    static final int TARGET_URL_USES = 5;
    /** How older guides spell the statuses (srs-api.md §4: clients must normalise). */
    static final Map<String, String> VARIANT = Map.of(
            "created", "Created",
            "initialized", "INITIALIZED",
            "identification_done", "IDENTIFICATION_DONE",
            "data_ready", "DATA_READY",
            "terminated", "Terminated",
            "negatively_conducted", "IDENTIFICATION_NEGATIVELY_CONDUCTED",
            "canceled", "cancelled",
            "timeout", "TIMEOUT",
            "error", "Error",
            "aborted", "ABORTED");
    private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    record Event(String status, Instant at, String reason) {
    }

    static final class Order {
        String refId;
        Catalogue.Method method;
        String orderId;
        String targetUrl;
        String expectedQuery;
        String mobile;
        String msisdn;
        String externalId;
        final List<Event> events = new ArrayList<>();
        Evidence evidence;
        int targetUses;
        /**
         * A mock order (issuer test): what SRS knows of it is what the mock issuer had at the last
         * {@code GET .../callback} (guide §4); events after this instant are the issuer's alone.
         */
        volatile Instant pulledAt;
        /** When the user first opened the target URL (Selfie Ident: 60 minutes from then). */
        Instant startedAt;

        boolean mock() {
            return method.issuer().equalsIgnoreCase("test");
        }
    }

    static final class Evidence {
        final String id = UUID.randomUUID().toString();
        final String msisdn;
        final Map<String, Integer> loa;
        final LocalDate expiresAt;
        final Instant availableAt;
        volatile boolean termsAccepted;
        /** T&C accepted from this instant on (Mobile ID confirmation under way). */
        volatile Instant termsAcceptedAt;
        volatile String tcToken;

        Evidence(String msisdn, Map<String, Integer> loa, LocalDate expiresAt, Instant availableAt, boolean termsAccepted) {
            this.msisdn = msisdn;
            this.loa = Map.copyOf(loa);
            this.expiresAt = expiresAt;
            this.availableAt = availableAt;
            this.termsAccepted = termsAccepted;
        }

        boolean accepted() {
            Instant at = termsAcceptedAt;
            return termsAccepted || at != null && !at.isAfter(Instant.now());
        }

        int maxLoa() {
            return loa.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        }
    }

    private final SimulatorOptions options;
    private final Catalogue catalogue;
    private final URI baseUrl;
    private final Map<String, Order> orders = new LinkedHashMap<>();
    private final List<Evidence> evidences = new ArrayList<>();
    final List<OutcomeRule> rules = new CopyOnWriteArrayList<>();
    private final SecureRandom random = new SecureRandom();

    Lifecycle(SimulatorOptions options, Catalogue catalogue, URI baseUrl) {
        this.options = options;
        this.catalogue = catalogue;
        this.baseUrl = baseUrl;
    }

    void registerRoutes(SrsSimulator.RouteSink r) {
        r.route("POST", "/api/providers/{issuer}/{method}", "miss", this::placeOrder);
        r.route("GET", "/api/identifications/{refId}", "miss", req -> Resp.json(200, identificationJson(order(req))));
        r.route("DELETE", "/api/identifications/{refId}", "miss", this::cancel);
        r.route("GET", "/api/identifications/{refId}/callback", "miss", this::callback);
        r.route("POST", "/api/evidences/lookup", SrsSimulator.RA_SCOPE, this::lookup);
        r.route("POST", "/api/evidences/verify", SrsSimulator.RA_SCOPE, this::verify);
        r.route("GET", "/ipsp/{refId}", null, this::ipspPage);
        r.route("POST", "/ipsp/{refId}", null, this::ipspSubmit);

        r.route("POST", "/_admin/rules", null, this::addRule);
        r.route("GET", "/_admin/rules", null, req -> Resp.json(200, rulesJson()));
        r.route("DELETE", "/_admin/rules", null, req -> {
            rules.clear();
            return Resp.empty(204);
        });
        r.route("POST", "/_admin/identifications/{refId}/outcome", null, this::adminOutcome);
        r.route("POST", "/_admin/identifications/{refId}/status", null, this::adminAppendStatus);
        r.route("POST", "/_admin/evidences", null, this::adminCreateEvidence);
        r.route("GET", "/_admin/evidences/{msisdn}", null, this::adminEvidences);
        r.route("POST", "/_admin/evidences/{msisdn}/accept-terms", null, req -> {
            int n = acceptTerms(req.var("msisdn"));
            if (n == 0) {
                return Resp.error(404, "not_found", "no evidence for this msisdn");
            }
            ObjectNode o = Http.JSON.createObjectNode();
            o.put("accepted", n);
            return Resp.json(200, o);
        });
    }

    // ---------------------------------------------------------------- orders

    private Resp placeOrder(Req req) {
        String ct = req.header("Content-Type");
        if (ct == null || !ct.toLowerCase(Locale.ROOT).startsWith(PROVIDER_TYPE)) {
            return Resp.error(415, "unsupported_media_type", "Content-Type must be " + PROVIDER_TYPE);
        }
        Catalogue.Method m = catalogue.find(req.var("issuer"), req.var("method"), options.legacyMethods(), options.newMethods());
        if (m == null) {
            return Resp.error(404, "not_found", "no identification method " + req.var("issuer") + "/" + req.var("method"));
        }
        ObjectNode body = req.strictJsonBody(ORDER_FIELDS);
        validate(m, body);
        String mobile = text(body, "mobile");
        String externalId = text(body, "externalId");

        Order o = new Order();
        o.refId = UUID.randomUUID().toString();
        o.method = m;
        o.orderId = orderId(m);
        o.mobile = mobile;
        o.msisdn = mobile == null ? null : Msisdns.normalise(mobile);
        o.externalId = externalId;
        String path = baseUrl + "/ipsp/" + o.refId;
        if (m.longTargetUrl()) {
            o.expectedQuery = klarnaQuery();
            o.targetUrl = path + "?" + o.expectedQuery;
        } else {
            o.targetUrl = path;
        }
        Instant now = Instant.now();
        synchronized (this) {
            // "initialized" is what the order answer says: visible at once (a GET within the same millisecond
            // saw only "created" before), "created" just before it
            o.events.add(new Event("created", now.minusMillis(1), null));
            o.events.add(new Event("initialized", now, null));
            o.pulledAt = now;
            orders.put(o.refId, o);
            Scripted s = scriptedOutcome(o);
            if (s != null) {
                schedule(o, s.outcome, s.reason, now.plusMillis(1).plus(s.after));
            }
        }
        ObjectNode n = Http.JSON.createObjectNode();
        n.put("refId", o.refId);
        n.put("targetUrl", o.targetUrl);
        n.put("orderId", o.orderId);
        n.put("status", "initialized");
        return Resp.json(200, n, PROVIDER_TYPE);
    }

    private static final List<String> STRING_FIELDS = List.of("firstName", "lastName", "dob", "mobile", "placeOfBirth",
            "nationality", "country", "email", "language", "externalId", "validity");
    /** What an order body may carry (srs-api.md §3): anything else is refused, as a typed request model would. */
    static final Set<String> ORDER_FIELDS = orderFields();

    private static Set<String> orderFields() {
        Set<String> s = new HashSet<>(STRING_FIELDS);
        s.add("disabledSmsAlerts");
        return Set.copyOf(s);
    }

    private static void validate(Catalogue.Method m, ObjectNode body) {
        for (String f : STRING_FIELDS) {
            JsonNode v = body.get(f);
            if (v != null && !v.isNull() && !v.isTextual()) {
                throw field(f, f + " must be a string");
            }
        }
        JsonNode silent = body.get("disabledSmsAlerts");
        if (silent != null && !silent.isNull() && !silent.isBoolean()) {
            throw field("disabledSmsAlerts", "disabledSmsAlerts must be a boolean");
        }
        List<String> missing = m.mandatory().stream().filter(f -> text(body, f) == null).toList();
        if (!missing.isEmpty()) {
            ObjectNode n = Http.JSON.createObjectNode();
            n.put("error", "invalid_request");
            n.put("message", missing.get(0) + " is mandatory for " + m.issuer() + "/" + m.method());
            n.put("status", 400);
            n.put("field", missing.get(0));
            ArrayNode all = n.putArray("fields");
            missing.forEach(all::add);
            throw new Http.Failure(Resp.json(400, n));
        }
        String dob = text(body, "dob");
        if (dob != null) {
            try {
                LocalDate d = LocalDate.parse(dob, DateTimeFormatter.ISO_LOCAL_DATE);
                if (!d.isBefore(LocalDate.now(ZoneOffset.UTC))) {
                    throw field("dob", "dob must be in the past");
                }
            } catch (DateTimeParseException e) {
                throw field("dob", "dob must be yyyy-MM-dd");
            }
        }
        String mobile = text(body, "mobile");
        if (mobile != null && !mobile.matches("\\+[1-9][0-9]{6,14}")) {
            throw field("mobile", "mobile must be +E.164 (e.g. +41791234567)");
        }
        for (String f : List.of("country", "nationality")) {
            String v = text(body, f);
            if (v != null && !v.matches("[A-Za-z]{2}")) {
                throw field(f, f + " must be an ISO 3166 alpha-2 code");
            }
        }
        String lang = text(body, "language");
        if (lang != null && !lang.matches("[A-Za-z]{2}")) {
            throw field("language", "language must be an ISO 639-1 code");
        }
        String email = text(body, "email");
        if (email != null && !email.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
            throw field("email", "email is not an e-mail address");
        }
        if (m.namesWithoutPunctuation()) {
            for (String f : List.of("firstName", "lastName")) {
                String v = text(body, f);
                if (v != null && (v.matches(".*[.,;:!?()/\"].*")
                        || v.matches("(?i)(dr|prof|mr|mrs|ms|herr|frau)\\b.*"))) {
                    throw field(f, f + " must not contain titles or punctuation");
                }
            }
        }
    }

    private static Http.Failure field(String field, String message) {
        ObjectNode n = Http.JSON.createObjectNode();
        n.put("error", "invalid_request");
        n.put("message", message);
        n.put("status", 400);
        n.put("field", field);
        n.putArray("fields").add(field);
        return new Http.Failure(Resp.json(400, n));
    }

    private static String text(JsonNode body, String f) {
        JsonNode v = body.get(f);
        return v == null || v.isNull() || !v.isTextual() || v.asText().isBlank() ? null : v.asText().trim();
    }

    private String orderId(Catalogue.Method m) {
        byte[] b = new byte[6];
        random.nextBytes(b);
        String prefix = m.issuer().toUpperCase(Locale.ROOT).replaceAll("[^A-Z]", "");
        return prefix.substring(0, Math.min(6, prefix.length())) + "-" + HexFormat.of().formatHex(b).toUpperCase(Locale.ROOT);
    }

    /** A Klarna-like session query of ~700 characters with percent-escapes that break when re-encoded. */
    private String klarnaQuery() {
        byte[] b = new byte[380];
        random.nextBytes(b);
        String blob = java.util.Base64.getEncoder().encodeToString(b)
                .replace("+", "%2B").replace("/", "%2F").replace("=", "%3D");
        byte[] s = new byte[24];
        random.nextBytes(s);
        String sig = HexFormat.of().formatHex(s);
        String q = "session=" + blob + "&sig=" + sig + "&flow=bank-ident&lang=de"
                + "&redirect_uri=https%3A%2F%2Fsrs.example%2Fdone%3Fa%3D1%26b%3D2&state=%7E" + sig.substring(0, 8);
        return q;
    }

    private record Scripted(Outcome outcome, String reason, Duration after) {
    }

    private Scripted scriptedOutcome(Order o) {
        Duration userTime = scaled(o.method.userSeconds());
        if (o.externalId != null && o.externalId.regionMatches(true, 0, "sim:", 0, 4)) {
            String[] parts = o.externalId.substring(4).split(":", 2);
            try {
                return new Scripted(Outcome.parse(parts[0]), parts.length > 1 ? parts[1] : null, userTime);
            } catch (IllegalArgumentException e) {
                // not a scripted outcome: treat as a plain external id
            }
        }
        for (OutcomeRule r : rules) {
            if (r.matches(o.msisdn, o.externalId)) {
                Duration after = r.afterSeconds() == null ? userTime
                        : Duration.ofMillis(Math.round(r.afterSeconds() * 1000));
                return new Scripted(r.outcome(), r.reason(), after);
            }
        }
        if (options.defaultOutcome() != null) {
            return new Scripted(Outcome.parse(options.defaultOutcome()), null, userTime);
        }
        return null;
    }

    Duration scaled(long realSeconds) {
        return Duration.ofMillis(Math.round(realSeconds * 1000.0 / options.timeScale()));
    }

    /** Appends the outcome's statuses from {@code at} on; success also creates the RA evidence. */
    private void schedule(Order o, Outcome outcome, String reason, Instant at) {
        Instant last = o.events.get(o.events.size() - 1).at();
        if (!at.isAfter(last)) {
            at = last.plusMillis(1);
        }
        if (outcome == Outcome.SUCCESS) {
            Duration processing = scaled(o.method.processingSeconds());
            Instant dataReady = at.plus(processing.dividedBy(2)).plusMillis(1);
            Instant terminated = at.plus(processing).plusMillis(2);
            o.events.add(new Event("identification_done", at, null));
            o.events.add(new Event("data_ready", dataReady, null));
            o.events.add(new Event("terminated", terminated, null));
            if (o.msisdn != null) {
                LocalDate expires = LocalDate.ofInstant(terminated, ZoneOffset.UTC)
                        .plus(Period.parse(o.method.evidenceValidity() == null ? "P5Y" : o.method.evidenceValidity()));
                Evidence e = new Evidence(o.msisdn, o.method.loaByJurisdiction(), expires, terminated,
                        o.method.termsAcceptedOnTerminated());
                o.evidence = e;
                evidences.add(e);
            }
        } else {
            o.events.add(new Event(outcome.status(), at, reason));
        }
    }

    /**
     * Target URL lifetimes per issuer, real-world seconds (srs-api.md §7), scaled like every duration: unused, and once
     * the user opened it (0: no separate limit). Methods not listed keep their URL until canceled.
     */
    static final Map<String, long[]> TARGET_URL_LIFETIME = Map.of(
            "klarna", new long[] {3600, 0},                         // a 60-minute bank session
            "nect", new long[] {30L * 24 * 3600, 3600},             // 30 days unused, 60 minutes once started
            "intrum-video", new long[] {90L * 24 * 3600, 0},
            "intrum-autoident", new long[] {90L * 24 * 3600, 0});

    /** When the order's target URL expires if the user does not finish, or null. */
    private Instant urlExpiry(Order o) {
        long[] life = TARGET_URL_LIFETIME.get(o.method.issuer().toLowerCase(Locale.ROOT));
        if (life == null || !options.targetUrlExpiry()) {
            return null;
        }
        Instant unused = o.events.get(0).at().plus(scaled(life[0]));
        if (life[1] > 0 && o.startedAt != null) {
            Instant started = o.startedAt.plus(scaled(life[1]));
            return started.isBefore(unused) ? started : unused;
        }
        return unused;
    }

    /** The history up to {@code now}; an order still waiting for the user when its URL expires gets {@code timeout}. */
    private synchronized List<Event> visible(Order o, Instant now) {
        Instant expiry = urlExpiry(o);
        if (expiry != null && !expiry.isAfter(now) && !hasPending(o, expiry)) {
            Event last = o.events.getLast();
            if ((last.status().equals("initialized") || last.status().equals("aborted")) && !last.at().isAfter(expiry)) {
                o.events.add(new Event("timeout", expiry, "target URL expired before the identification was finished"));
            }
        }
        return o.events.stream().filter(e -> !e.at().isAfter(now)).toList();
    }

    private static Instant latest(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private synchronized boolean hasPending(Order o, Instant now) {
        return o.events.stream().anyMatch(e -> e.at().isAfter(now));
    }

    private Order order(Req req) {
        Order o;
        synchronized (this) {
            o = orders.get(req.var("refId"));
        }
        if (o == null) {
            throw Http.fail(404, "not_found", "no identification " + req.var("refId"));
        }
        return o;
    }

    /** Test environment: SRS pulls the mock issuer's state of the order; the answer is the identification. */
    private Resp callback(Req req) {
        if (options.variant("no-callback")) {
            throw Http.fail(404, "not_found", "no endpoint GET " + req.path);
        }
        Order o = order(req);
        o.pulledAt = Instant.now();
        return Resp.json(200, identificationJson(o));
    }

    /**
     * What SRS reports: everything up to now, except for a mock order while {@code mockOrdersNeedCallback}: only what
     * the last callback pulled (as in SRS's preprod, where a mock order's status changes only through the callback).
     */
    private ObjectNode identificationJson(Order o) {
        Instant now = Instant.now();
        Instant known = o.mock() && options.mockOrdersNeedCallback() && o.pulledAt.isBefore(now) ? o.pulledAt : now;
        List<Event> seen = visible(o, known);
        boolean terminated = seen.stream().anyMatch(e -> e.status().equals("terminated"));
        ObjectNode n = Http.JSON.createObjectNode();
        n.put("refId", o.refId);
        n.put("issuer", o.method.issuer());
        n.put("method", o.method.method());
        n.put("mobile", o.mobile);
        n.put("orderId", o.orderId);
        if (terminated && o.evidence != null) {
            n.put("evidenceId", o.evidence.id);
        } else {
            n.putNull("evidenceId");
        }
        n.put("targetUrl", o.targetUrl);
        ArrayNode st = n.putArray(options.variant("status-field") ? "statusHistory" : "statuses");
        for (Event e : seen) {
            ObjectNode s = st.addObject();
            s.put("status", options.variantStatusSpelling() ? VARIANT.getOrDefault(e.status(), e.status()) : e.status());
            s.put("date", TS.format(e.at()));
            s.put("reason", e.reason());
            s.putNull("kind");
        }
        return n;
    }

    private Resp cancel(Req req) {
        Order o = order(req);
        Instant now = Instant.now();
        synchronized (this) {
            List<Event> seen = visible(o, now);
            String current = seen.get(seen.size() - 1).status();
            if (current.equals("canceled")) {
                return Resp.empty(204);
            }
            if (FINAL.contains(current) || current.equals("identification_done") || current.equals("data_ready")) {
                return Resp.error(409, "conflict", "identification is " + current + " and can no longer be canceled");
            }
            o.events.removeIf(e -> e.at().isAfter(now));
            if (o.evidence != null) {
                evidences.remove(o.evidence);
                o.evidence = null;
            }
            Instant at = now.isAfter(seen.get(seen.size() - 1).at()) ? now : seen.get(seen.size() - 1).at().plusMillis(1);
            o.events.add(new Event("canceled", at, "canceled by service provider"));
            o.pulledAt = latest(o.pulledAt, at);   // SRS itself canceled it: known at once
        }
        return Resp.empty(204);
    }

    /** The tester's (or a test's) choice at the IPSP, effective now. */
    synchronized String complete(String refId, Outcome outcome, String reason, String mobile) {
        Order o = orders.get(refId);
        if (o == null) {
            throw Http.fail(404, "not_found", "no identification " + refId);
        }
        // A choice is never stamped before "initialized" (the state the order answer announced).
        Instant now = latest(Instant.now(), o.events.get(1).at());
        if (hasPending(o, now)) {
            throw Http.fail(409, "conflict", "an outcome is already under way for this identification");
        }
        List<Event> seen = visible(o, now);
        String current = seen.get(seen.size() - 1).status();
        if (!current.equals("initialized") && !current.equals("aborted")) {
            throw Http.fail(409, "conflict", "identification is " + current + ": no new outcome possible");
        }
        if (o.msisdn == null && mobile != null && !mobile.isBlank()) {
            try {
                o.msisdn = Msisdns.normalise(mobile);
            } catch (IllegalArgumentException e) {
                throw Http.fail(400, "invalid_request", e.getMessage());
            }
            o.mobile = mobile.trim();
        }
        schedule(o, outcome, reason == null || reason.isBlank() ? null : reason.trim(), now);
        return outcome.status();
    }

    // ---------------------------------------------------------------- IPSP pages

    private Resp ipspPage(Req req) {
        Order o = order(req);
        synchronized (this) {
            if (o.expectedQuery != null) {
                if (!o.expectedQuery.equals(req.rawQuery)) {
                    return Resp.html(400, page("Invalid session", "<p>The target URL was altered (truncated or re-encoded). "
                            + "Use it exactly as SRS returned it.</p>"));
                }
                if (++o.targetUses > TARGET_URL_USES) {
                    return Resp.html(410, page("Session used up", "<p>This bank session was opened more than "
                            + TARGET_URL_USES + " times. Place a new order.</p>"));
                }
            }
        }
        synchronized (this) {
            if (o.startedAt == null) {
                o.startedAt = Instant.now();
            }
        }
        List<Event> seen = visible(o, Instant.now());
        String current = seen.get(seen.size() - 1).status();
        StringBuilder b = new StringBuilder();
        b.append("<p>Method: <b>").append(esc(o.method.name())).append("</b> (").append(esc(o.method.issuer()))
                .append(" / ").append(esc(o.method.method())).append(")<br>refId: <code>").append(esc(o.refId))
                .append("</code><br>orderId: <code>").append(esc(o.orderId)).append("</code><br>current status: <b id=\"status\">")
                .append(esc(current)).append("</b></p>");
        b.append("<form method=\"post\" action=\"/ipsp/").append(esc(o.refId)).append("\">");
        for (Outcome out : Outcome.values()) {
            b.append("<label><input type=\"radio\" name=\"outcome\" value=\"").append(out.wire()).append('"')
                    .append(out == Outcome.SUCCESS ? " checked" : "").append("> ").append(out.wire()).append("</label><br>");
        }
        b.append("<label>reason <input name=\"reason\" placeholder=\"e.g. fraud suspicion\"></label><br>");
        if (o.msisdn == null) {
            b.append("<label>mobile <input name=\"mobile\" placeholder=\"+41791234567\"></label><br>");
        }
        b.append("<button type=\"submit\">Finish identification</button></form>");
        return Resp.html(200, page("Identification (simulated IPSP)", b.toString()));
    }

    private Resp ipspSubmit(Req req) {
        Order o = order(req);
        Map<String, List<String>> form = Http.parseForm(req.bodyText(), false);
        String outcome = first(form, "outcome");
        Outcome out;
        try {
            out = Outcome.parse(outcome);
        } catch (IllegalArgumentException e) {
            return Resp.html(400, page("Invalid choice", "<p>" + esc(e.getMessage()) + "</p>"));
        }
        try {
            String status = complete(o.refId, out, first(form, "reason"), first(form, "mobile"));
            return Resp.html(200, page("Recorded", "<p>Outcome <b id=\"outcome\">" + esc(out.wire())
                    + "</b> recorded; the identification will end in status <b>" + esc(status) + "</b>.</p>"));
        } catch (Http.Failure f) {
            return Resp.html(f.resp.status, page("Not possible", "<p>" + esc(new String(f.resp.body)) + "</p>"));
        }
    }

    private static String first(Map<String, List<String>> form, String name) {
        List<String> v = form.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    private static String page(String title, String body) {
        return "<!doctype html><html><head><meta charset=\"utf-8\"><title>" + esc(title) + "</title></head><body><h1>"
                + esc(title) + "</h1>" + body + "<p><small>SRS simulator — not a real identification.</small></p></body></html>";
    }

    private static String esc(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    // ---------------------------------------------------------------- RA

    /** The newest evidence of this msisdn that exists now (imported, not expired), or null. */
    synchronized Evidence currentEvidence(String msisdn) {
        Instant now = Instant.now();
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        Evidence best = null;
        for (Evidence e : evidences) {
            if (e.msisdn.equals(msisdn) && !e.availableAt.isAfter(now) && !e.expiresAt.isBefore(today)) {
                best = e;
            }
        }
        return best;
    }

    private static String msisdnField(ObjectNode body) {
        String m = text(body, "msisdn");
        if (m == null) {
            throw Http.fail(400, "invalid_request", "msisdn is mandatory");
        }
        try {
            return Msisdns.normalise(m);
        } catch (IllegalArgumentException e) {
            throw Http.fail(400, "invalid_request", e.getMessage());
        }
    }

    private Resp lookup(Req req) {
        Evidence e = currentEvidence(msisdnField(req.strictJsonBody(Set.of("msisdn"))));
        if (e == null || !e.accepted()) {
            return Resp.error(404, "not_found", "no usable evidence for this msisdn");
        }
        return Resp.json(200, evidenceJson(e));
    }

    private Resp verify(Req req) {
        ObjectNode body = req.strictJsonBody(Set.of("jurisdiction", "distinguishedName", "msisdn", "assuranceLevel"));
        String msisdn = msisdnField(body);
        String j = text(body, "jurisdiction");
        String dn = text(body, "distinguishedName");
        JsonNode loaNode = body.get("assuranceLevel");
        if (j == null || dn == null || loaNode == null || loaNode.isNull()) {
            return Resp.error(400, "invalid_request", "jurisdiction, distinguishedName, msisdn and assuranceLevel are mandatory");
        }
        String jurisdiction = Catalogue.normaliseJurisdiction(j);
        String loaText = loaNode.asText().trim();
        if (!loaText.equals("3") && !loaText.equals("4")) {
            return Resp.error(400, "invalid_request", "assuranceLevel must be 3 or 4");
        }
        Evidence e = currentEvidence(msisdn);
        if (e == null || !e.accepted() || e.loa.getOrDefault(jurisdiction, 0) < Integer.parseInt(loaText)) {
            return Resp.error(404, "not_found", "no usable evidence for this msisdn, jurisdiction and assurance level");
        }
        return Resp.json(200, evidenceJson(e), "application/vnd.sc.ras.evidence.v1+json");
    }

    private static ObjectNode evidenceJson(Evidence e) {
        ObjectNode n = Http.JSON.createObjectNode();
        n.put("evidenceId", e.id);
        n.put("assuranceLevel", e.maxLoa());
        ArrayNode js = n.putArray("jurisdictions");
        e.loa.keySet().stream().sorted(java.util.Comparator.reverseOrder()).forEach(js::add);
        n.put("expiresAt", e.expiresAt.toString());
        n.put("expiresWithin90Days", !e.expiresAt.isAfter(LocalDate.now(ZoneOffset.UTC).plusDays(90)));
        return n;
    }

    synchronized int acceptTerms(String msisdn) {
        String m;
        try {
            m = Msisdns.normalise(msisdn);
        } catch (IllegalArgumentException e) {
            throw Http.fail(400, "invalid_request", e.getMessage());
        }
        int n = 0;
        for (Evidence e : evidences) {
            if (e.msisdn.equals(m)) {
                e.termsAccepted = true;
                n++;
            }
        }
        return n;
    }

    synchronized Evidence addEvidence(String msisdn, Map<String, Integer> loa, LocalDate expiresAt, boolean termsAccepted) {
        Evidence e = new Evidence(Msisdns.normalise(msisdn), loa, expiresAt, Instant.now(), termsAccepted);
        evidences.add(e);
        return e;
    }

    private Resp adminCreateEvidence(Req req) {
        ObjectNode body = req.jsonBody();
        String msisdn = msisdnField(body);
        Map<String, Integer> loa;
        try {
            loa = evidenceLoa(body);
        } catch (IllegalArgumentException e) {
            return Resp.error(400, "invalid_request", e.getMessage());
        }
        LocalDate expires;
        try {
            expires = text(body, "expiresAt") == null ? LocalDate.now(ZoneOffset.UTC).plusYears(5)
                    : LocalDate.parse(text(body, "expiresAt"));
        } catch (DateTimeParseException e) {
            return Resp.error(400, "invalid_request", "expiresAt must be yyyy-MM-dd");
        }
        Evidence e = addEvidence(msisdn, loa, expires, body.path("termsAccepted").asBoolean(false));
        return Resp.json(201, adminEvidenceJson(e));
    }

    /**
     * {@code jurisdictions} as {@code {"ZERTES":4}}, {@code [{"jurisdiction":"ZERTES","loa":4}]} or {@code ["ZERTES"]}
     * (with the top-level {@code assuranceLevel}, default 4); absent: ZERTES and EIDAS at LOA 4.
     */
    static Map<String, Integer> evidenceLoa(JsonNode body) {
        JsonNode levelNode = body.get("assuranceLevel");
        if (levelNode != null && !levelNode.canConvertToInt()) throw new IllegalArgumentException("assuranceLevel must be 3 or 4");
        int level = levelNode == null ? 4 : levelNode.asInt();
        Map<String, Integer> loa = new LinkedHashMap<>();
        JsonNode js = body.get("jurisdictions");
        if (js == null || js.isNull()) {
            loa.put("ZERTES", level);
            loa.put("EIDAS", level);
        } else if (js.isObject()) {
            js.fields().forEachRemaining(f -> loa.put(Catalogue.normaliseJurisdiction(f.getKey()), f.getValue().canConvertToInt() ? f.getValue().asInt() : 0));
        } else if (js.isArray()) {
            for (JsonNode x : js) {
                if (x.isTextual()) loa.put(Catalogue.normaliseJurisdiction(x.asText()), level);
                else if (x.isObject() && x.path("jurisdiction").isTextual()) {
                    loa.put(Catalogue.normaliseJurisdiction(x.get("jurisdiction").asText()), x.has("loa") ? x.get("loa").asInt() : level);
                } else {
                    throw new IllegalArgumentException("jurisdictions: each entry is a name or {\"jurisdiction\",\"loa\"}");
                }
            }
        } else {
            throw new IllegalArgumentException("jurisdictions must be an object, an array or absent");
        }
        if (loa.isEmpty()) throw new IllegalArgumentException("jurisdictions must name at least one jurisdiction");
        loa.forEach((j, l) -> {
            if (l != 3 && l != 4) throw new IllegalArgumentException("jurisdictions: the LOA of " + j + " must be 3 or 4, got " + l);
        });
        return loa;
    }

    private Resp adminEvidences(Req req) {
        String m;
        try {
            m = Msisdns.normalise(req.var("msisdn"));
        } catch (IllegalArgumentException e) {
            return Resp.error(400, "invalid_request", e.getMessage());
        }
        ArrayNode out = Http.JSON.createArrayNode();
        synchronized (this) {
            evidences.stream().filter(e -> e.msisdn.equals(m)).forEach(e -> out.add(adminEvidenceJson(e)));
        }
        return Resp.json(200, out);
    }

    private static ObjectNode adminEvidenceJson(Evidence e) {
        ObjectNode n = evidenceJson(e);
        n.put("msisdn", e.msisdn);
        n.put("availableAt", TS.format(e.availableAt));
        n.put("termsAccepted", e.accepted());
        return n;
    }

    // ---------------------------------------------------------------- rules

    private Resp addRule(Req req) {
        ObjectNode b = req.jsonBody();
        try {
            OutcomeRule r = new OutcomeRule(text(b, "msisdn"), text(b, "externalIdPrefix"), Outcome.parse(text(b, "outcome")),
                    text(b, "reason"), b.hasNonNull("afterSeconds") ? b.get("afterSeconds").asDouble() : null);
            rules.add(r);
        } catch (IllegalArgumentException e) {
            return Resp.error(400, "invalid_request", e.getMessage());
        }
        return Resp.json(201, rulesJson());
    }

    private ArrayNode rulesJson() {
        ArrayNode out = Http.JSON.createArrayNode();
        for (OutcomeRule r : rules) {
            ObjectNode n = out.addObject();
            n.put("msisdn", r.msisdn());
            n.put("externalIdPrefix", r.externalIdPrefix());
            n.put("outcome", r.outcome().wire());
            n.put("reason", r.reason());
            if (r.afterSeconds() != null) {
                n.put("afterSeconds", r.afterSeconds());
            }
        }
        return out;
    }

    /** Appends any status verbatim now (e.g. one the client does not know), with optional reason. */
    private Resp adminAppendStatus(Req req) {
        Order o = order(req);
        ObjectNode b = req.jsonBody();
        String status = b.hasNonNull("status") ? b.get("status").asText() : null;
        if (status == null || status.isBlank()) {
            return Resp.error(400, "invalid_request", "status is mandatory");
        }
        synchronized (this) {
            Instant now = Instant.now();
            o.events.removeIf(e -> e.at().isAfter(now));
            if (o.evidence != null && o.evidence.availableAt.isAfter(now)) {
                evidences.remove(o.evidence);
                o.evidence = null;
            }
            Instant last = o.events.get(o.events.size() - 1).at();
            o.events.add(new Event(status, now.isAfter(last) ? now : last.plusMillis(1), text(b, "reason")));
        }
        return Resp.json(200, identificationJson(o));
    }

    private Resp adminOutcome(Req req) {
        ObjectNode b = req.jsonBody();
        Outcome out;
        try {
            out = Outcome.parse(text(b, "outcome"));
        } catch (IllegalArgumentException e) {
            return Resp.error(400, "invalid_request", e.getMessage());
        }
        String status = complete(req.var("refId"), out, text(b, "reason"), text(b, "mobile"));
        ObjectNode n = Http.JSON.createObjectNode();
        n.put("refId", req.var("refId"));
        n.put("finalStatus", status);
        return Resp.json(200, n);
    }
}
