package ch.srsconnect.shared.catalogue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Period;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * SRS's {@code GET /api/providers} answer (srs-api.md §2) + {@link Catalogue} → the SP-facing method list.
 * Pure; tolerant of missing or odd fields in an entry, strict only about the top-level shape.
 */
public final class Enricher {

    /**
     * The merged list and what to log about it.
     *
     * @param methods      catalogued methods in {@link Catalogue#ALL} order, then uncatalogued ones by issuer/method
     * @param uncatalogued "issuer/method" of the entries the catalogue does not know (listed anyway)
     * @param skipped      why entries were left out (not an object, no issuer/method, duplicate)
     */
    public record Result(List<MethodView> methods, List<String> uncatalogued, List<String> skipped) {
        public Result {
            methods = List.copyOf(methods);
            uncatalogued = List.copyOf(uncatalogued);
            skipped = List.copyOf(skipped);
        }
    }

    private Enricher() {
    }

    /**
     * Merges SRS's array with the catalogue.
     *
     * @throws SrsAnswerException if {@code srsAnswer} is not a JSON array
     */
    public static Result enrich(JsonNode srsAnswer) {
        if (srsAnswer == null || !srsAnswer.isArray()) {
            throw new SrsAnswerException("SRS method list is not a JSON array but "
                    + (srsAnswer == null ? "nothing" : srsAnswer.getNodeType()));
        }
        List<MethodView> methods = new ArrayList<>();
        List<String> uncatalogued = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < srsAnswer.size(); i++) {
            JsonNode e = srsAnswer.get(i);
            if (!e.isObject()) {
                skipped.add("entry " + i + ": not an object");
                continue;
            }
            String issuer = text(e, "issuer");
            String method = text(e, "method");
            if (issuer == null || method == null) {
                skipped.add("entry " + i + ": no issuer or method");
                continue;
            }
            Optional<CatalogueEntry> known = Catalogue.find(issuer, method);
            // Two SRS entries naming the same catalogue method (or the same unknown issuer/method) are one method.
            String identity = known.map(CatalogueEntry::key).orElse((issuer + "/" + method).toLowerCase(Locale.ROOT));
            if (!seen.add(identity)) {
                skipped.add("entry " + i + ": duplicate of " + identity);
                continue;
            }
            if (known.isEmpty()) {
                uncatalogued.add(issuer + "/" + method);
            }
            methods.add(merge(e, issuer, method, known.orElse(null)));
        }
        methods.sort(ORDER);
        return new Result(methods, uncatalogued, skipped);
    }

    /** The view of a catalogue entry alone, as if SRS had answered with nothing but its issuer and method. */
    public static MethodView fromCatalogue(CatalogueEntry entry) {
        return merge(com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode(), entry.issuer(),
                entry.method(), entry);
    }

    /** Catalogue order first; unknown methods after, by issuer then method, ignoring case. */
    static final Comparator<MethodView> ORDER = Comparator
            .comparingInt((MethodView v) -> rank(v))
            .thenComparing(v -> v.issuer().toLowerCase(Locale.ROOT))
            .thenComparing(v -> v.method().toLowerCase(Locale.ROOT))
            .thenComparing(MethodView::method);

    private static int rank(MethodView v) {
        if (!v.catalogued()) {
            return Integer.MAX_VALUE;
        }
        return Catalogue.find(v.issuer(), v.method()).map(Catalogue::indexOf).orElse(Integer.MAX_VALUE);
    }

    private static MethodView merge(JsonNode e, String issuer, String method, CatalogueEntry c) {
        String displayName = Optional.ofNullable(text(e, "name"))
                .orElse(c != null ? c.displayName() : issuer + " / " + method);
        String srsType = text(e, "methodType");
        String methodType = srsType != null
                ? MethodType.parse(srsType).map(MethodType::wireName).orElse(srsType)
                : c != null ? c.methodType().wireName() : null;

        List<JurisdictionLoa> jurisdictions = jurisdictions(e.get("jurisdictions"), c);

        List<String> languages = languages(e.get("languages"));
        if (languages == null && c != null) {
            languages = c.languages();
        }
        List<String> bestEffort = c != null ? c.bestEffortLanguages() : null;

        String validity = period(text(e, "evidenceValidity"));
        if (validity == null && c != null && c.evidenceValidity() != null) {
            validity = c.evidenceValidity().toString();
        }

        List<FieldSpec> mandatory = null;
        List<FieldSpec> optional = null;
        if (c != null) {
            List<String> requestable = new ArrayList<>(languages == null ? List.of() : languages);
            for (String l : bestEffort) {
                if (!requestable.contains(l)) {
                    requestable.add(l);
                }
            }
            mandatory = specs(c.mandatory(), requestable);
            optional = specs(c.optional(), requestable);
        }

        return new MethodView(
                issuer, method, displayName, methodType,
                c != null,
                c != null && c.legacy(),
                c != null && c.testOnly(),
                jurisdictions,
                bool(e, "offline", c == null ? null : c.offline()),
                bool(e, "webFlow", c == null ? null : c.webFlow()),
                bool(e, "realTime", c == null ? null : c.realTime()),
                languages,
                bestEffort,
                validity,
                c == null ? null : c.validityCappedByIdExpiry(),
                mandatory,
                optional,
                c == null ? null : c.dataRules(),
                c == null ? null : c.targetUrl(),
                c == null ? null : c.firstCheck(),
                c == null ? null : c.terms(),
                c == null ? null : c.canSignWhenTerminated(),
                RedirectNotice.STANDARD);
    }

    private static List<FieldSpec> specs(List<InitialDataField> fields, List<String> languages) {
        List<FieldSpec> out = new ArrayList<>(fields.size());
        for (InitialDataField f : fields) {
            out.add(new FieldSpec(f, f == InitialDataField.LANGUAGE && !languages.isEmpty() ? languages : null));
        }
        return out;
    }

    /**
     * SRS's LOA per jurisdiction wins for the jurisdictions it names; the catalogue adds the ones it does not
     * name (SRS may answer only for the requested jurisdiction). Unreadable items are ignored. EIDAS before ZERTES.
     */
    private static List<JurisdictionLoa> jurisdictions(JsonNode node, CatalogueEntry c) {
        Map<Jurisdiction, Integer> loas = new EnumMap<>(Jurisdiction.class);
        if (c != null) {
            for (JurisdictionLoa jl : c.jurisdictions()) {
                loas.put(jl.jurisdiction(), jl.loa());
            }
        }
        if (node != null && node.isArray()) {
            for (JsonNode item : node) {
                Optional<Jurisdiction> j = Jurisdiction.parse(text(item, "jurisdiction"));
                Integer loa = loa(item.get("loa"));
                if (j.isPresent() && loa != null) {
                    loas.put(j.get(), loa);
                }
            }
        }
        List<JurisdictionLoa> out = new ArrayList<>();
        loas.forEach((j, loa) -> out.add(JurisdictionLoa.of(j, loa)));
        return out;
    }

    /** 3, 4, "3", "LOA4" → the number; anything else null. */
    private static Integer loa(JsonNode n) {
        if (n == null) {
            return null;
        }
        String s = n.isIntegralNumber() ? n.asText() : n.isTextual() ? n.asText().trim().toUpperCase(Locale.ROOT) : "";
        if (s.startsWith("LOA")) {
            s = s.substring(3).trim();
        }
        return switch (s) {
            case "1", "2", "3", "4" -> Integer.valueOf(s);
            default -> null;
        };
    }

    private static List<String> languages(JsonNode n) {
        if (n == null || !n.isArray()) {
            return null;
        }
        List<String> out = new ArrayList<>();
        for (JsonNode l : n) {
            if (l.isTextual() && !l.asText().isBlank()) {
                String code = l.asText().trim().toLowerCase(Locale.ROOT);
                if (!out.contains(code)) {
                    out.add(code);
                }
            }
        }
        return out;
    }

    private static String period(String s) {
        if (s == null) {
            return null;
        }
        try {
            return Period.parse(s).toString();
        } catch (DateTimeParseException ex) {
            return null;
        }
    }

    private static Boolean bool(JsonNode e, String field, Boolean fallback) {
        JsonNode n = e.get(field);
        if (n != null && n.isBoolean()) {
            return n.booleanValue();
        }
        if (n != null && n.isTextual()) {
            if (n.asText().equalsIgnoreCase("true")) {
                return Boolean.TRUE;
            }
            if (n.asText().equalsIgnoreCase("false")) {
                return Boolean.FALSE;
            }
        }
        return fallback;
    }

    private static String text(JsonNode e, String field) {
        if (e == null) {
            return null;
        }
        JsonNode n = e.get(field);
        if (n == null || !n.isTextual() || n.asText().isBlank()) {
            return null;
        }
        return n.asText().trim();
    }
}
