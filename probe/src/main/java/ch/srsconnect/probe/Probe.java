package ch.srsconnect.probe;

import ch.srsconnect.shared.Platform;
import ch.srsconnect.shared.config.EnvVar;
import ch.srsconnect.shared.contract.SwisscomContract;
import ch.srsconnect.shared.http.HttpCall;
import ch.srsconnect.shared.http.HttpResult;
import ch.srsconnect.shared.http.SwisscomException;
import ch.srsconnect.shared.http.Urls;
import ch.srsconnect.shared.json.Json;
import ch.srsconnect.shared.log.Msisdn;
import ch.srsconnect.shared.ra.RaClient;
import ch.srsconnect.shared.smartflows.SmartFlowsClient;
import ch.srsconnect.shared.srs.SrsClient;
import ch.srsconnect.shared.token.ClientCredentials;
import ch.srsconnect.shared.token.CredentialsUnavailableException;
import ch.srsconnect.shared.token.IdpClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Checks the assumptions of docs/swisscom-contract.md, in the order an identification uses them, with the product's
 * own HTTP stack, token cache and clients (so the probe sends what the product sends). Where an assumption does not
 * hold it tries the plausible alternatives the product can be configured for and names the setting that fits.
 */
final class Probe {
    private final ProbeTarget target;
    private final List<Finding> findings = new ArrayList<>();
    private Platform platform;
    private String refId;
    private String orderedMsisdn;

    Probe(ProbeTarget target) {
        this.target = target;
    }

    List<Finding> run() {
        platform = target.platform(Map.of());
        if (!idpToken("miss") || !idpToken("smartflow")) {
            return findings;
        }
        providers();
        providerFilters();
        if (target.production()) {
            for (String a : List.of("srs.order", "srs.status", "srs.test-callback", "srs.cancel")) {
                findings.add(Finding.notChecked(a, "--env prod: read-only calls only"));
            }
        } else {
            order();
            status();
            testCallback();
            cancel();
        }
        raLookup();
        evidenceStatus();
        return findings;
    }

    // ------------------------------------------------------------------ IdP

    private boolean idpToken(String scope) {
        String mode = target.setting(EnvVar.IDP_CLIENT_AUTH, "basic");
        String key = scope.equals("miss") ? "idp.client-auth" : "idp.scope-smartflow";
        String sent = "POST /oauth/token scope=" + scope + ", " + mode;
        if (fetches(platform, scope)) {
            findings.add(Finding.holds(key, sent, "200 with access_token"));
            return true;
        }
        String other = mode.equals("basic") ? "form" : "basic";
        if (fetches(target.platform(Map.of(EnvVar.IDP_CLIENT_AUTH, other)), scope)) {
            findings.add(Finding.differs(key, sent, "401; accepted with " + other, "IdpClientAuth=" + other));
            platform = target.platform(Map.of(EnvVar.IDP_CLIENT_AUTH, other));
            return true;
        }
        findings.add(Finding.differs(key, sent, "refused with basic and with form",
                "check the client id and secret (no setting fixes this)"));
        return false;
    }

    private boolean fetches(Platform p, String scope) {
        try {
            new IdpClient(p.swisscomHttp(), p.config().uri(EnvVar.IDP_TOKEN_URL))
                    .fetch(new ClientCredentials(target.clientId(), target.clientSecret()), scope);
            return true;
        } catch (IdpClient.InvalidClientException | SwisscomException e) {
            return false;
        }
    }

    // ------------------------------------------------------------------ SRS

    private void providers() {
        HttpResult r = srsGet("/api/providers", SrsClient.LIST_PROVIDERS, platform);
        String sent = "GET /api/providers, Accept " + accept(SrsClient.LIST_PROVIDERS);
        if (r == null) {
            findings.add(Finding.differs("srs.accept", sent, "no answer", "check SrsBaseUrl"));
            return;
        }
        if (r.status() == 406) {
            String json = String.join(";", List.of(SrsClient.LIST_PROVIDERS, SrsClient.GET_IDENTIFICATION,
                    SrsClient.TEST_CALLBACK, SrsClient.CANCEL_IDENTIFICATION).stream().map(e -> e + "=application/json").toList());
            findings.add(Finding.differs("srs.accept", sent, "406 Not Acceptable", "SwisscomAcceptOverrides=\"" + json + "\""));
            platform = target.platform(Map.of(EnvVar.SWISSCOM_ACCEPT, json));
            r = srsGet("/api/providers", SrsClient.LIST_PROVIDERS, platform);
            if (r == null || !r.isSuccess()) {
                return;
            }
        } else {
            findings.add(Finding.holds("srs.accept", sent, String.valueOf(r.status())));
        }
        findings.add(shape("srs.providers", "GET /api/providers", r, "issuer", "method"));
    }

    private void providerFilters() {
        for (String q : List.of("jurisdiction=ZERTES", "jurisdiction=EIDAS&jurisdiction=ZERTES", "loa=4", "method=video",
                "issuer=test")) {
            HttpResult r = srsGet("/api/providers?" + q, SrsClient.LIST_PROVIDERS, platform);
            String sent = "GET /api/providers?" + q;
            if (r != null && r.isSuccess() && r.json().isArray()) {
                findings.add(Finding.holds("srs.providers-filter", sent, r.status() + ", " + r.json().size() + " methods"));
            } else {
                findings.add(Finding.differs("srs.providers-filter", sent, r == null ? "no answer" : String.valueOf(r.status()),
                        "the parameter is not what SRS expects: filter in the product instead (report it)"));
            }
        }
    }

    private void order() {
        orderedMsisdn = target.msisdn() != null ? target.msisdn() : "+41790000009";
        ObjectNode body = Json.object().put("mobile", orderedMsisdn).put("language", "en");
        String path = "/api/providers/test/video";
        HttpCall call = HttpCall.postJson(Urls.resolve(platform.config().uri(EnvVar.SRS_BASE_URL), path),
                SrsClient.PLACE_ORDER, body.toString()).contentType(SwisscomContract.PROVIDER_V1).bearer(platform.srsTokens());
        HttpResult r = send(call);
        Finding f = shape("srs.order", "POST " + path + " (mock order: issuer test)", r, "refId", "targetUrl");
        findings.add(f);
        if (f.verdict() == Finding.Verdict.HOLDS) {
            refId = r.json().path("refId").asText();
        }
    }

    private void status() {
        if (refId == null) {
            findings.add(Finding.notChecked("srs.status", "no order was placed"));
            return;
        }
        HttpResult r = srsGet("/api/identifications/" + Urls.segment(refId), SrsClient.GET_IDENTIFICATION, platform);
        String sent = SrsClient.GET_IDENTIFICATION;
        if (r == null || !r.isSuccess()) {
            findings.add(Finding.differs("srs.status", sent, r == null ? "no answer" : String.valueOf(r.status()), "report it"));
            return;
        }
        JsonNode statuses = r.json().get("statuses");
        if (statuses == null || !statuses.isArray() || statuses.isEmpty()) {
            findings.add(Finding.differs("srs.status", sent, "no 'statuses' array (fields: " + fields(r.json()) + ")",
                    "none: the product reads 'statuses' (report it)"));
            return;
        }
        JsonNode first = statuses.get(0);
        boolean ok = first.path("status").isTextual() && first.path("date").isTextual();
        findings.add(ok ? Finding.holds("srs.status", sent, "statuses[] with status and date")
                : Finding.differs("srs.status", sent, "statuses[0] has " + fields(first), "none (report it)"));
    }

    private void testCallback() {
        if (refId == null) {
            findings.add(Finding.notChecked("srs.test-callback", "no order was placed"));
            return;
        }
        HttpResult r = srsGet("/api/identifications/" + Urls.segment(refId) + "/callback", SrsClient.TEST_CALLBACK, platform);
        String sent = SrsClient.TEST_CALLBACK;
        findings.add(r != null && r.isSuccess() ? Finding.holds("srs.test-callback", sent, String.valueOf(r.status()))
                : Finding.differs("srs.test-callback", sent, r == null ? "no answer" : String.valueOf(r.status()),
                        "none: mock orders do not move at SRS without it (real orders never use it); ask Swisscom how preprod updates them"));
    }

    private void cancel() {
        if (refId == null) {
            findings.add(Finding.notChecked("srs.cancel", "no order was placed"));
            return;
        }
        HttpCall call = HttpCall.delete(Urls.resolve(platform.config().uri(EnvVar.SRS_BASE_URL),
                "/api/identifications/" + Urls.segment(refId)), SrsClient.CANCEL_IDENTIFICATION).bearer(platform.srsTokens());
        HttpResult r = send(call);
        findings.add(r != null && r.isSuccess() ? Finding.holds("srs.cancel", SrsClient.CANCEL_IDENTIFICATION, String.valueOf(r.status()))
                : Finding.differs("srs.cancel", SrsClient.CANCEL_IDENTIFICATION, r == null ? "no answer" : String.valueOf(r.status()),
                        "CancelEarlierPendingOrders=false until the cancel call is known (report it)"));
    }

    // ------------------------------------------------------------------ RA, Smart Flows

    private void raLookup() {
        String msisdn = target.msisdn() != null ? target.msisdn() : orderedMsisdn;
        if (msisdn == null) {
            findings.add(Finding.notChecked("ra.auth", "no number to look up: pass --msisdn"));
            return;
        }
        String mode = target.setting(EnvVar.RA_AUTH, "mtls");
        String sent = RaClient.LOOKUP + " for " + Msisdn.mask(msisdn) + ", RaAuth=" + mode;
        String answer = lookup(platform, msisdn);
        if (answer.startsWith("20") || answer.startsWith("404")) {
            findings.add(Finding.holds("ra.auth", sent, answer));
            return;
        }
        for (String other : List.of("mtls", "bearer", "none")) {
            if (other.equals(mode) || other.equals("mtls") && target.raCertificateJson() == null) continue;
            String a = lookup(target.platform(Map.of(EnvVar.RA_AUTH, other)), msisdn);
            if (a.startsWith("20") || a.startsWith("404")) {
                findings.add(Finding.differs("ra.auth", sent, answer + "; with RaAuth=" + other + ": " + a, "RaAuth=" + other));
                return;
            }
        }
        findings.add(Finding.differs("ra.auth", sent, answer + " (no other mode worked)",
                mode.equals("mtls") ? "check the AIS client certificate (--ra-certificate) and RaBaseUrl" : "check RaBaseUrl"));
    }

    private static String lookup(Platform p, String msisdn) {
        try {
            return RaClient.of(p, Clock.systemUTC()).lookup(msisdn).map(e -> "200 evidence").orElse("404 no evidence");
        } catch (SwisscomException e) {
            return e.getMessage();
        } catch (CredentialsUnavailableException e) {
            return "no client certificate given (--ra-certificate)";
        }
    }

    private void evidenceStatus() {
        String msisdn = target.msisdn() != null ? target.msisdn() : orderedMsisdn;
        if (msisdn == null) {
            findings.add(Finding.notChecked("smartflows.evidence-status", "no number: pass --msisdn"));
            return;
        }
        SmartFlowsClient sf = new SmartFlowsClient(platform.swisscomHttp(), platform.smartFlowsTokens(),
                platform.config().uri(EnvVar.SMARTFLOWS_BASE_URL));
        String sent = SmartFlowsClient.EVIDENCE_STATUS + " for " + Msisdn.mask(msisdn);
        try {
            findings.add(Finding.holds("smartflows.evidence-status", sent, "signingStatus " + sf.evidenceStatus(msisdn).signingStatus()));
        } catch (SwisscomException e) {
            findings.add(Finding.differs("smartflows.evidence-status", sent, e.getMessage(), "check SmartFlowsBaseUrl (report it)"));
        }
    }

    // ------------------------------------------------------------------ helpers

    private HttpResult srsGet(String pathAndQuery, String endpoint, Platform p) {
        int q = pathAndQuery.indexOf('?');
        String path = q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
        String url = p.config().uri(EnvVar.SRS_BASE_URL).toString().replaceAll("/$", "") + path + (q < 0 ? "" : pathAndQuery.substring(q));
        return send(HttpCall.get(URI.create(url), endpoint).bearer(p.srsTokens()));
    }

    private HttpResult send(HttpCall call) {
        try {
            return platform.swisscomHttp().send(call);
        } catch (SwisscomException | CredentialsUnavailableException e) {
            return null;
        }
    }

    private String accept(String endpoint) {
        return platform.swisscomHttp().settings().contract().acceptFor(endpoint);
    }

    /** 2xx, JSON, and the fields the product relies on (in each entry of an array). */
    private static Finding shape(String key, String sent, HttpResult r, String... required) {
        if (r == null) return Finding.differs(key, sent, "no answer", "check the base URL");
        if (!r.isSuccess()) return Finding.differs(key, sent, String.valueOf(r.status()), "report it");
        JsonNode n;
        try {
            n = r.json();
        } catch (SwisscomException e) {
            return Finding.differs(key, sent, r.status() + ", not JSON", "report it");
        }
        JsonNode sample = n.isArray() ? (n.isEmpty() ? null : n.get(0)) : n;
        if (sample == null) return Finding.holds(key, sent, r.status() + ", empty list");
        for (String f : required) {
            if (!sample.path(f).isTextual()) {
                return Finding.differs(key, sent, r.status() + " without '" + f + "' (fields: " + fields(sample) + ")",
                        "none: the product reads '" + f + "' (report it)");
            }
        }
        return Finding.holds(key, sent, r.status() + " with " + String.join(", ", required));
    }

    private static String fields(JsonNode n) {
        List<String> names = new ArrayList<>();
        n.fieldNames().forEachRemaining(names::add);
        return String.join(", ", names);
    }
}
