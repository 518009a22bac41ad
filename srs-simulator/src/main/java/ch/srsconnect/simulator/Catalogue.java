package ch.srsconnect.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The simulator's own method catalogue, read from {@code catalogue.json}. */
final class Catalogue {

    record Method(String issuer, String method, String methodType, String name,
                  Map<String, Integer> loaByJurisdiction, boolean offline, boolean webFlow, boolean realTime,
                  List<String> languages, String evidenceValidity, boolean legacy, List<String> mandatory,
                  boolean namesWithoutPunctuation, boolean longTargetUrl, boolean termsAcceptedOnTerminated,
                  long userSeconds, long processingSeconds, boolean preview) {

        String key() {
            return issuer + "/" + method;
        }

        int maxLoa() {
            return loaByJurisdiction.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        }

        /** The §2 wire shape. */
        ObjectNode toJson() {
            ObjectNode n = Http.JSON.createObjectNode();
            n.put("issuer", issuer);
            n.put("method", method);
            n.put("methodType", methodType);
            n.put("name", name);
            ArrayNode js = n.putArray("jurisdictions");
            loaByJurisdiction.forEach((j, l) -> js.addObject().put("jurisdiction", j).put("loa", l));
            n.put("offline", offline);
            n.put("webFlow", webFlow);
            n.put("realTime", realTime);
            ArrayNode ls = n.putArray("languages");
            languages.forEach(ls::add);
            if (evidenceValidity == null) {
                n.putNull("evidenceValidity");
            } else {
                n.put("evidenceValidity", evidenceValidity);
            }
            return n;
        }
    }

    static final List<String> METHOD_TYPES = List.of("Video", "eID", "Bank", "Robo-ident", "Autoident");

    private final List<Method> all;

    private Catalogue(List<Method> all) {
        this.all = List.copyOf(all);
    }

    static Catalogue load() {
        try (InputStream in = Catalogue.class.getResourceAsStream("catalogue.json")) {
            if (in == null) {
                throw new IllegalStateException("catalogue.json missing from the class path");
            }
            JsonNode root = Http.JSON.readTree(in);
            List<Method> list = new ArrayList<>();
            for (JsonNode m : root.get("methods")) {
                Map<String, Integer> loa = new LinkedHashMap<>();
                m.get("jurisdictions").forEach(j -> loa.put(j.get("jurisdiction").asText(), j.get("loa").asInt()));
                List<String> langs = new ArrayList<>();
                m.get("languages").forEach(l -> langs.add(l.asText()));
                List<String> mandatory = new ArrayList<>();
                m.get("mandatory").forEach(f -> mandatory.add(f.asText()));
                JsonNode validity = m.get("evidenceValidity");
                list.add(new Method(m.get("issuer").asText(), m.get("method").asText(), m.get("methodType").asText(),
                        m.get("name").asText(), loa, m.get("offline").asBoolean(), m.get("webFlow").asBoolean(),
                        m.get("realTime").asBoolean(), langs,
                        validity == null || validity.isNull() ? null : validity.asText(),
                        m.get("legacy").asBoolean(), mandatory, m.path("namesWithoutPunctuation").asBoolean(false),
                        m.path("longTargetUrl").asBoolean(false), m.get("termsAcceptedOnTerminated").asBoolean(),
                        m.get("userSeconds").asLong(), m.get("processingSeconds").asLong(), m.path("preview").asBoolean(false)));
            }
            return new Catalogue(list);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Methods offered: current ones, plus the v1.4 legacy ones and the preview ones (a method SRS might add, which the
     * product's catalogue does not know) when asked for.
     */
    List<Method> offered(boolean legacy, boolean preview) {
        return all.stream().filter(m -> (legacy || !m.legacy()) && (preview || !m.preview())).toList();
    }

    /** Issuer case-insensitive, method case-sensitive (as {@code eID} is in the guide). */
    Method find(String issuer, String method, boolean legacy, boolean preview) {
        for (Method m : offered(legacy, preview)) {
            if (m.issuer().equalsIgnoreCase(issuer) && m.method().equals(method)) {
                return m;
            }
        }
        return null;
    }

    static String normaliseJurisdiction(String j) {
        String u = j.trim().toUpperCase(Locale.ROOT);
        if (!u.equals("EIDAS") && !u.equals("ZERTES")) {
            throw Http.fail(400, "invalid_request", "jurisdiction must be EIDAS or ZERTES: " + j);
        }
        return u;
    }
}
