package ch.srsconnect.shared.catalogue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;

/**
 * The JSON of {@code GET /methods}: {@code {"methods":[...]}}. Built by hand (no reflection), property order fixed.
 * Every property is always present; null means "not known" (for an uncatalogued method, every catalogue-only fact).
 *
 * <pre>
 * issuer, method                 SRS's spelling: send them back unchanged when placing an order
 * displayName                    SRS's name, else the guide's
 * methodType                     Video | eID | Bank | Robo-ident | Autoident (or SRS's unknown type)
 * catalogued, legacy, testOnly   booleans
 * jurisdictions                  [{jurisdiction: EIDAS|ZERTES, loa: 3|4}]
 * offline, webFlow, realTime     booleans
 * languages, bestEffortLanguages ISO 639-1 codes
 * evidenceValidity               ISO-8601 period, e.g. "P5Y"
 * evidenceValidityCappedByIdExpiry  boolean: ends earlier if the ID document expires
 * mandatoryFields, optionalFields   [{name, type, format, pattern, example, description, allowedValues}]
 * dataRules                      [{code, text}]
 * targetUrl                      {validUnused, sessionAfterStart (ISO-8601 durations), maxRetries, retryRule,
 *                                 retryRuleText, approxLength, useVerbatim}
 * firstCheck                     {after: ORDER_PLACED|USER_STARTED|TERMINATED, minDelay, maxDelay}
 * termsAndConditions             {mode: SMS|IN_APP|UNSPECIFIED, smartFlowsPossible, canSignWhenTerminated}
 * redirectNotice                 {placeholder: "{targetUrl}", de, en}
 * </pre>
 */
public final class MethodJson {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private MethodJson() {
    }

    /** {@code {"methods":[...]}}. */
    public static ObjectNode list(List<MethodView> methods) {
        ObjectNode root = F.objectNode();
        ArrayNode arr = root.putArray("methods");
        for (MethodView m : methods) {
            arr.add(method(m));
        }
        return root;
    }

    public static ObjectNode method(MethodView m) {
        ObjectNode o = F.objectNode();
        o.put("issuer", m.issuer());
        o.put("method", m.method());
        o.put("displayName", m.displayName());
        o.put("methodType", m.methodType());
        o.put("catalogued", m.catalogued());
        o.put("legacy", m.legacy());
        o.put("testOnly", m.testOnly());
        ArrayNode js = o.putArray("jurisdictions");
        for (JurisdictionLoa jl : m.jurisdictions()) {
            js.addObject().put("jurisdiction", jl.jurisdiction().name()).put("loa", jl.loa());
        }
        o.put("offline", m.offline());
        o.put("webFlow", m.webFlow());
        o.put("realTime", m.realTime());
        strings(o, "languages", m.languages());
        strings(o, "bestEffortLanguages", m.bestEffortLanguages());
        o.put("evidenceValidity", m.evidenceValidity());
        o.put("evidenceValidityCappedByIdExpiry", m.evidenceValidityCappedByIdExpiry());
        fields(o, "mandatoryFields", m.mandatoryFields());
        fields(o, "optionalFields", m.optionalFields());
        if (m.dataRules() == null) {
            o.putNull("dataRules");
        } else {
            ArrayNode rules = o.putArray("dataRules");
            for (DataRule r : m.dataRules()) {
                rules.addObject().put("code", r.name()).put("text", r.text());
            }
        }
        TargetUrlPolicy t = m.targetUrl();
        if (t == null) {
            o.putNull("targetUrl");
        } else {
            ObjectNode tu = o.putObject("targetUrl");
            tu.put("validUnused", iso(t.validUnused()));
            tu.put("sessionAfterStart", iso(t.sessionAfterStart()));
            tu.put("maxRetries", t.maxRetries());
            tu.put("retryRule", t.retryRule().name());
            tu.put("retryRuleText", t.retryRule().text());
            tu.put("approxLength", t.approxLength());
            tu.put("useVerbatim", t.useVerbatim());
        }
        FirstCheck fc = m.firstCheck();
        if (fc == null) {
            o.putNull("firstCheck");
        } else {
            o.putObject("firstCheck")
                    .put("after", fc.anchor().name())
                    .put("minDelay", iso(fc.minDelay()))
                    .put("maxDelay", iso(fc.maxDelay()));
        }
        if (m.termsAndConditions() == null) {
            o.putNull("termsAndConditions");
        } else {
            o.putObject("termsAndConditions")
                    .put("mode", m.termsAndConditions().name())
                    .put("smartFlowsPossible", m.termsAndConditions().smartFlowsPossible())
                    .put("canSignWhenTerminated", m.canSignWhenTerminated());
        }
        o.putObject("redirectNotice")
                .put("placeholder", RedirectNotice.PLACEHOLDER)
                .put("de", m.redirectNotice().de())
                .put("en", m.redirectNotice().en());
        return o;
    }

    /** ISO-8601: whole days as {@code P30D} (not {@code PT720H}), otherwise {@link Duration#toString()}. */
    static String iso(Duration d) {
        if (d == null) {
            return null;
        }
        if (!d.isZero() && d.toSeconds() % 86_400 == 0 && d.getNano() == 0) {
            return "P" + d.toDays() + "D";
        }
        return d.toString();
    }

    private static void strings(ObjectNode o, String name, List<String> values) {
        if (values == null) {
            o.putNull(name);
            return;
        }
        ArrayNode a = o.putArray(name);
        values.forEach(a::add);
    }

    private static void fields(ObjectNode o, String name, List<FieldSpec> specs) {
        if (specs == null) {
            o.putNull(name);
            return;
        }
        ArrayNode a = o.putArray(name);
        for (FieldSpec s : specs) {
            InitialDataField f = s.field();
            ObjectNode fo = a.addObject();
            fo.put("name", f.fieldName());
            fo.put("type", "string");
            fo.put("format", f.format());
            fo.put("pattern", f.pattern());
            fo.put("example", f.example());
            fo.put("description", f.description());
            strings(fo, "allowedValues", s.allowedValues());
        }
    }
}
