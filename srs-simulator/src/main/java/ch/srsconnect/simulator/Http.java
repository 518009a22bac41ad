package ch.srsconnect.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Minimal request/response types over the JDK HttpServer. */
final class Http {

    static final ObjectMapper JSON = new ObjectMapper();

    private Http() {
    }

    /** Thrown by handlers to answer with a JSON error. */
    static final class Failure extends RuntimeException {
        final Resp resp;

        Failure(Resp resp) {
            super(resp.status + "", null, false, false);
            this.resp = resp;
        }
    }

    static Failure fail(int status, String error, String message) {
        return new Failure(Resp.error(status, error, message));
    }

    static final class Req {
        final HttpExchange ex;
        final String method;
        final String path;
        final String rawQuery;
        final byte[] body;
        final Map<String, String> pathVars;

        Req(HttpExchange ex, byte[] body, Map<String, String> pathVars) {
            this.ex = ex;
            this.method = ex.getRequestMethod().toUpperCase(Locale.ROOT);
            this.path = ex.getRequestURI().getRawPath();
            this.rawQuery = ex.getRequestURI().getRawQuery();
            this.body = body;
            this.pathVars = pathVars;
        }

        String header(String name) {
            return ex.getRequestHeaders().getFirst(name);
        }

        String var(String name) {
            return pathVars.get(name);
        }

        /** Query parameters, names lower-cased, values in order. */
        Map<String, List<String>> query() {
            return parseForm(rawQuery, true);
        }

        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }

        /**
         * A Swisscom API body, as strictly as a real service with a typed request model is likely to read it: a JSON
         * Content-Type ({@code application/json} or a {@code +json} vendor type) else 415, a JSON object else 400, and
         * no field outside {@code allowed} (400 naming it).
         */
        ObjectNode strictJsonBody(Set<String> allowed) {
            String ct = header("Content-Type");
            String type = ct == null ? "" : ct.toLowerCase(Locale.ROOT).split(";")[0].trim();
            if (!type.equals("application/json") && !type.endsWith("+json")) {
                throw fail(415, "unsupported_media_type", "Content-Type must be application/json");
            }
            ObjectNode o = jsonBody();
            for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
                String f = it.next();
                if (!allowed.contains(f)) {
                    throw fail(400, "invalid_request", "unknown field '" + f + "'");
                }
            }
            return o;
        }

        /** JSON object body; empty body = empty object; anything else = 400. */
        ObjectNode jsonBody() {
            String text = bodyText().trim();
            if (text.isEmpty()) {
                return JSON.createObjectNode();
            }
            try {
                JsonNode n = JSON.readTree(text);
                if (n instanceof ObjectNode o) {
                    return o;
                }
            } catch (IOException e) {
                // fall through
            }
            throw fail(400, "invalid_request", "body is not a JSON object");
        }
    }

    static Map<String, List<String>> parseForm(String raw, boolean lowerNames) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = decode(eq < 0 ? pair : pair.substring(0, eq));
            String v = eq < 0 ? "" : decode(pair.substring(eq + 1));
            if (lowerNames) {
                k = k.toLowerCase(Locale.ROOT);
            }
            out.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
        }
        return out;
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw fail(400, "invalid_request", "malformed percent-encoding");
        }
    }

    static final class Resp {
        final int status;
        final Map<String, String> headers = new LinkedHashMap<>();
        final byte[] body;

        Resp(int status, String contentType, byte[] body) {
            this.status = status;
            this.body = body == null ? new byte[0] : body;
            if (contentType != null) {
                headers.put("Content-Type", contentType);
            }
        }

        static Resp json(int status, Object value) {
            try {
                return new Resp(status, "application/json", JSON.writeValueAsBytes(value));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        static Resp json(int status, Object value, String contentType) {
            Resp r = json(status, value);
            r.headers.put("Content-Type", contentType);
            return r;
        }

        static Resp html(int status, String html) {
            return new Resp(status, "text/html; charset=utf-8", html.getBytes(StandardCharsets.UTF_8));
        }

        static Resp empty(int status) {
            return new Resp(status, null, null);
        }

        static Resp error(int status, String error, String message) {
            ObjectNode n = JSON.createObjectNode();
            n.put("error", error);
            n.put("message", message);
            n.put("status", status);
            return json(status, n);
        }

        Resp header(String name, String value) {
            headers.put(name, value);
            return this;
        }
    }
}
