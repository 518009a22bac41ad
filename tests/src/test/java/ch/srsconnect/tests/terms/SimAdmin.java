package ch.srsconnect.tests.terms;

import ch.srsconnect.shared.json.Json;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/** The simulator's admin API and its browser pages (the T&C consent page), as a tester would use them. */
final class SimAdmin {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private final URI base;

    SimAdmin(URI base) {
        this.base = base;
    }

    /** A fresh Swiss mobile number no other test uses. */
    static String newMsisdn() {
        return "+4179" + (1_000_000 + ThreadLocalRandom.current().nextInt(8_999_999));
    }

    static String digits(String msisdn) {
        return msisdn.substring(1);
    }

    /** The OTP the simulator last "sent by SMS" to this number. */
    String otp(String msisdn) {
        HttpResponse<String> r = send(HttpRequest.newBuilder(base.resolve("/_admin/otp/" + digits(msisdn))).GET().build());
        if (r.statusCode() != 200) {
            throw new AssertionError("no OTP for " + msisdn + ": " + r.statusCode());
        }
        return json(r).path("code").asText();
    }

    /** An RA evidence for the number (ZERTES 4, EIDAS 4 unless given), T&C not yet accepted. */
    void evidence(String msisdn, String jurisdictionsJson, String expiresAt) {
        String body = "{\"msisdn\":\"" + msisdn + "\""
                + (jurisdictionsJson == null ? "" : ",\"jurisdictions\":" + jurisdictionsJson)
                + (expiresAt == null ? "" : ",\"expiresAt\":\"" + expiresAt + "\"") + ",\"termsAccepted\":false}";
        expect(201, post("/_admin/evidences", body));
    }

    void evidence(String msisdn) {
        evidence(msisdn, null, null);
    }

    /** T&C accepted for the number's evidences (as if the user had answered the SMS). */
    void acceptTermsFor(String msisdn) {
        expect(200, post("/_admin/evidences/" + digits(msisdn) + "/accept-terms", "{}"));
    }

    /** {@code MID} or {@code SAS}; {@code signingStatus} overrides what Smart Flows reports (null: none). */
    void user(String msisdn, String authMethod, String signingStatus) {
        String body = "{" + (authMethod == null ? "" : "\"authMethod\":\"" + authMethod + "\"")
                + (signingStatus == null ? "" : (authMethod == null ? "" : ",") + "\"signingStatus\":\"" + signingStatus + "\"") + "}";
        expect(200, post("/_admin/users/" + digits(msisdn), body));
    }

    /** Opens the consent page (the simulator sends an OTP), then submits password and that OTP, as the user would. */
    int completeConsent(String consentUrl, String msisdn) {
        HttpResponse<String> page = send(HttpRequest.newBuilder(URI.create(consentUrl)).GET().build());
        expect(200, page);
        String form = "password=" + URLEncoder.encode("correct horse", StandardCharsets.UTF_8)
                + "&otp=" + URLEncoder.encode(otp(msisdn), StandardCharsets.UTF_8);
        return send(HttpRequest.newBuilder(URI.create(consentUrl))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build()).statusCode();
    }

    private HttpResponse<String> post(String path, String json) {
        return send(HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    private static void expect(int status, HttpResponse<String> r) {
        if (r.statusCode() != status) {
            throw new AssertionError("simulator admin: expected " + status + " but got " + r.statusCode() + " " + r.body());
        }
    }

    private static JsonNode json(HttpResponse<String> r) {
        try {
            return Json.MAPPER.readTree(r.body());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static HttpResponse<String> send(HttpRequest req) {
        try {
            return HTTP.send(req, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
