package ch.srsconnect.tests.terms;

import ch.srsconnect.shared.json.Json;
import ch.srsconnect.terms.TermsHandler;
import ch.srsconnect.tests.HttpApiEvents;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** The terms routes as a frontend calls them, against a handler in this JVM. */
final class TermsApi {

    record Resp(int status, Map<String, String> headers, JsonNode body) {
        String header(String name) {
            return headers == null ? null : headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(Map.Entry::getValue).findFirst().orElse(null);
        }

        /** The field named by the first entry of a problem's {@code errors}. */
        String errorField() {
            return body.path("errors").path(0).path("field").asText(null);
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }

    private final TermsHandler handler;

    TermsApi(TermsHandler handler) {
        this.handler = handler;
    }

    Resp call(APIGatewayV2HTTPEvent event) {
        APIGatewayV2HTTPResponse r = handler.handleRequest(event, null);
        JsonNode body;
        try {
            body = r.getBody() == null ? Json.object() : Json.MAPPER.readTree(r.getBody());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + r.getBody(), e);
        }
        return new Resp(r.getStatusCode(), r.getHeaders(), body);
    }

    Resp startVerification(String sub, String msisdnJson) {
        return call(HttpApiEvents.post("POST /phone-verifications", "/phone-verifications", null,
                "{\"msisdn\":" + msisdnJson + "}", sub));
    }

    Resp startVerificationFor(String sub, String msisdn) {
        return startVerification(sub, "\"" + msisdn + "\"");
    }

    Resp check(String sub, String id, String code) {
        return call(HttpApiEvents.post("POST /phone-verifications/{id}/check", "/phone-verifications/" + id + "/check",
                Map.of("id", id), code == null ? "{}" : "{\"code\":\"" + code + "\"}", sub));
    }

    Resp evidence(String sub, String msisdn) {
        return msisdnRoute("GET /evidence/{msisdn}", "", sub, msisdn, null);
    }

    Resp terms(String sub, String msisdn) {
        return msisdnRoute("GET /evidence/{msisdn}/terms", "/terms", sub, msisdn, null);
    }

    Resp confirm(String sub, String msisdn, String body) {
        return msisdnRoute("POST /evidence/{msisdn}/terms/confirm", "/terms/confirm", sub, msisdn, body);
    }

    Resp confirmAll(String sub, String msisdn) {
        return confirm(sub, msisdn, "{\"decisionZertes\":true,\"decisionEidas\":true,\"knowsTheRisk\":true}");
    }

    Resp status(String sub, String msisdn) {
        return msisdnRoute("GET /evidence/{msisdn}/terms/status", "/terms/status", sub, msisdn, null);
    }

    private Resp msisdnRoute(String routeKey, String suffix, String sub, String msisdn, String body) {
        // API Gateway hands the handler the decoded path parameter
        String path = "/evidence/" + URLEncoder.encode(msisdn, StandardCharsets.UTF_8) + suffix;
        return call(HttpApiEvents.request(routeKey, path, Map.of("msisdn", msisdn), body, sub));
    }

    /** Proves {@code msisdn} for {@code sub} by OTP, reading the SMS through the simulator's admin API. */
    void prove(SimAdmin admin, String sub, String msisdn) {
        Resp started = startVerificationFor(sub, msisdn);
        if (started.status() != 201) {
            throw new AssertionError("start: " + started);
        }
        Resp checked = check(sub, started.body().path("id").asText(), admin.otp(msisdn));
        if (checked.status() != 200) {
            throw new AssertionError("check: " + checked);
        }
    }

    /** Calls {@code poll} until {@code done} holds (or fails after {@code within}); returns the last answer. */
    static <T> T await(Supplier<T> poll, Predicate<T> done, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        T last = poll.get();
        while (!done.test(last)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not reached within " + within + "; last: " + last);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            last = poll.get();
        }
        return last;
    }
}
