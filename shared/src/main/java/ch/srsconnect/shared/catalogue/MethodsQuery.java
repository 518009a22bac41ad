package ch.srsconnect.shared.catalogue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The validated filter of {@code GET /methods}, normalised. Build it with {@link #parse(Map)}.
 *
 * <p>Rules (documented for callers in the report / API docs):
 * <ul>
 *   <li>Parameter names are case-sensitive: {@code issuer, jurisdiction, loa, methodType, offline, webFlow,
 *       realTime}. Any other name is rejected (a typo such as {@code jurisdicton=ZERTES} must not silently widen the
 *       result to methods of the wrong jurisdiction); the message suggests the right spelling.</li>
 *   <li>{@code issuer} and {@code jurisdiction} repeat (OR); a value may also be a comma-separated list.
 *       Other parameters appear at most once.</li>
 *   <li>{@code jurisdiction}: {@code EIDAS} or {@code ZERTES}, any case. {@code loa}: {@code 3} or {@code 4}.
 *       {@code methodType}: {@code Video, eID, Bank, Robo-ident, Autoident}, any case.
 *       {@code offline, webFlow, realTime}: {@code true} or {@code false}, any case, nothing else.</li>
 *   <li>{@code issuer}: 1-64 characters of letters, digits, {@code . _ -}; a catalogued issuer is sent to SRS in
 *       the catalogue's spelling, an unknown one as given.</li>
 *   <li>Empty values are rejected. Every bad parameter is reported, not just the first.</li>
 * </ul>
 *
 * @param issuers       catalogue-spelled issuers, sorted case-insensitively, no duplicates; empty = any
 * @param jurisdictions requested jurisdictions, sorted; empty = any
 * @param loa           minimum LOA, or null
 * @param methodType    or null
 * @param offline       or null
 * @param webFlow       or null
 * @param realTime      or null
 */
public record MethodsQuery(List<String> issuers, Set<Jurisdiction> jurisdictions, Integer loa, MethodType methodType,
                           Boolean offline, Boolean webFlow, Boolean realTime) {

    public static final String ISSUER = "issuer";
    public static final String JURISDICTION = "jurisdiction";
    public static final String LOA = "loa";
    public static final String METHOD_TYPE = "methodType";
    public static final String OFFLINE = "offline";
    public static final String WEB_FLOW = "webFlow";
    public static final String REAL_TIME = "realTime";

    /** The accepted parameter names, in documentation order. */
    public static final List<String> PARAMETERS =
            List.of(ISSUER, JURISDICTION, LOA, METHOD_TYPE, OFFLINE, WEB_FLOW, REAL_TIME);

    /** The query without any filter. */
    public static final MethodsQuery ALL = new MethodsQuery(List.of(), Set.of(), null, null, null, null, null);

    private static final Pattern ISSUER_PATTERN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    public MethodsQuery {
        issuers = List.copyOf(issuers);
        jurisdictions = Collections.unmodifiableSet(new TreeSet<>(jurisdictions));
    }

    /** Either a query or the list of errors (never both). */
    public record Parsed(MethodsQuery query, List<ParamError> errors) {
        public Parsed {
            errors = List.copyOf(errors);
        }

        public boolean ok() {
            return errors.isEmpty();
        }
    }

    /**
     * Validates multi-valued query parameters ({@code name -> values in order}; a null map means none).
     * Reports every bad parameter, unknown names first, then in {@link #PARAMETERS} order.
     */
    public static Parsed parse(Map<String, List<String>> params) {
        Map<String, List<String>> p = params == null ? Map.of() : params;
        List<ParamError> errors = new ArrayList<>();
        for (String name : new TreeSet<>(p.keySet())) {
            if (!PARAMETERS.contains(name)) {
                errors.add(new ParamError(clip(name), unknownMessage(name)));
            }
        }

        // issuer: repeatable
        TreeSet<String> issuers = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        for (String v : splitRepeatable(p.get(ISSUER))) {
            if (!ISSUER_PATTERN.matcher(v).matches()) {
                errors.add(new ParamError(ISSUER, "'" + clip(v) + "' is not an issuer name: use 1-64 letters, "
                        + "digits, '.', '_' or '-', e.g. issuer=intrum-video; repeat the parameter for several"));
            } else {
                issuers.add(Catalogue.canonicalIssuer(v).orElse(v));
            }
        }
        if (emptyValue(p.get(ISSUER))) {
            errors.add(new ParamError(ISSUER, "must not be empty"));
        }

        // jurisdiction: repeatable
        TreeSet<Jurisdiction> jurisdictions = new TreeSet<>();
        for (String v : splitRepeatable(p.get(JURISDICTION))) {
            Jurisdiction.parse(v).ifPresentOrElse(jurisdictions::add, () -> errors.add(new ParamError(JURISDICTION,
                    "unknown jurisdiction '" + clip(v) + "': use EIDAS (EU) or ZERTES (CH)")));
        }
        if (emptyValue(p.get(JURISDICTION))) {
            errors.add(new ParamError(JURISDICTION, "must not be empty: use EIDAS (EU) or ZERTES (CH)"));
        }

        Integer loa = null;
        String loaValue = single(p, LOA, "3 (advanced signatures, AES) or 4 (qualified signatures, QES)", errors);
        if (loaValue != null) {
            if (loaValue.equals("3") || loaValue.equals("4")) {
                loa = Integer.valueOf(loaValue);
            } else {
                errors.add(new ParamError(LOA, "'" + clip(loaValue)
                        + "' is not a level of assurance: use 3 (advanced signatures, AES) or 4 (qualified, QES)"));
            }
        }

        MethodType type = null;
        String typeValue = single(p, METHOD_TYPE, MethodType.wireNames(), errors);
        if (typeValue != null) {
            type = MethodType.parse(typeValue).orElse(null);
            if (type == null) {
                errors.add(new ParamError(METHOD_TYPE, "unknown method type '" + clip(typeValue) + "': use one of "
                        + MethodType.wireNames()));
            }
        }

        Boolean offline = bool(p, OFFLINE, errors);
        Boolean webFlow = bool(p, WEB_FLOW, errors);
        Boolean realTime = bool(p, REAL_TIME, errors);

        if (!errors.isEmpty()) {
            return new Parsed(null, errors);
        }
        return new Parsed(new MethodsQuery(new ArrayList<>(issuers), jurisdictions, loa, type, offline, webFlow,
                realTime), List.of());
    }

    /**
     * The SRS {@code GET /api/providers} query (srs-api.md §2 names: issuer, jurisdiction, loa, method, offline,
     * webflow, realtime), normalised: fixed key order, sorted values, only the parameters set. Equal filters give
     * equal maps, so it is also the cache key.
     */
    public Map<String, List<String>> toSrsQuery() {
        Map<String, List<String>> q = new LinkedHashMap<>();
        if (!issuers.isEmpty()) {
            q.put("issuer", issuers);
        }
        if (!jurisdictions.isEmpty()) {
            q.put("jurisdiction", jurisdictions.stream().map(Enum::name).toList());
        }
        if (loa != null) {
            q.put("loa", List.of(loa.toString()));
        }
        if (methodType != null) {
            q.put("method", List.of(methodType.wireName()));
        }
        if (offline != null) {
            q.put("offline", List.of(offline.toString()));
        }
        if (webFlow != null) {
            q.put("webflow", List.of(webFlow.toString()));
        }
        if (realTime != null) {
            q.put("realtime", List.of(realTime.toString()));
        }
        return Collections.unmodifiableMap(q);
    }

    /**
     * Whether a method matches this filter, with SRS's semantics (AND across parameters, OR within; "compatible
     * with the LOA" = at least that LOA in one of the requested jurisdictions, or in any jurisdiction when none is
     * requested). A fact the method does not state (null / empty) never excludes it.
     */
    public boolean matches(String issuer, String methodType, List<JurisdictionLoa> methodJurisdictions,
                           Boolean offline, Boolean webFlow, Boolean realTime) {
        if (!issuers.isEmpty() && issuers.stream().noneMatch(i -> i.equalsIgnoreCase(issuer))) {
            return false;
        }
        if (this.methodType != null && methodType != null
                && MethodType.parse(methodType).orElse(null) != this.methodType) {
            return false;
        }
        if ((!jurisdictions.isEmpty() || loa != null) && methodJurisdictions != null
                && !methodJurisdictions.isEmpty()) {
            boolean any = false;
            for (JurisdictionLoa jl : methodJurisdictions) {
                if ((jurisdictions.isEmpty() || jurisdictions.contains(jl.jurisdiction()))
                        && (loa == null || jl.loa() >= loa)) {
                    any = true;
                    break;
                }
            }
            if (!any) {
                return false;
            }
        }
        return same(this.offline, offline) && same(this.webFlow, webFlow) && same(this.realTime, realTime);
    }

    /** {@link #matches} on a catalogue entry's own facts. */
    public boolean matches(CatalogueEntry e) {
        return matches(e.issuer(), e.methodType().wireName(), e.jurisdictions(), e.offline(), e.webFlow(),
                e.realTime());
    }

    private static boolean same(Boolean wanted, Boolean actual) {
        return wanted == null || actual == null || wanted.equals(actual);
    }

    private static List<String> splitRepeatable(List<String> values) {
        List<String> out = new ArrayList<>();
        if (values == null) {
            return out;
        }
        for (String v : values) {
            if (v == null) {
                continue;
            }
            for (String part : v.split(",", -1)) {
                String t = part.trim();
                if (!t.isEmpty()) {
                    out.add(t);
                }
            }
        }
        return out;
    }

    /** A repeatable parameter given with only empty values ({@code issuer=} or {@code issuer=,}). */
    private static boolean emptyValue(List<String> values) {
        return values != null && splitRepeatable(values).isEmpty();
    }

    private static String single(Map<String, List<String>> p, String name, String accepted, List<ParamError> errors) {
        List<String> values = p.get(name);
        if (values == null) {
            return null;
        }
        if (values.size() != 1) {
            errors.add(new ParamError(name, values.isEmpty() ? "must not be empty: use " + accepted
                    : "must be given at most once"));
            return null;
        }
        String v = values.get(0) == null ? "" : values.get(0).trim();
        if (v.isEmpty()) {
            errors.add(new ParamError(name, "must not be empty: use " + accepted));
            return null;
        }
        return v;
    }

    private static Boolean bool(Map<String, List<String>> p, String name, List<ParamError> errors) {
        String v = single(p, name, "true or false", errors);
        if (v == null) {
            return null;
        }
        if (v.equalsIgnoreCase("true")) {
            return Boolean.TRUE;
        }
        if (v.equalsIgnoreCase("false")) {
            return Boolean.FALSE;
        }
        errors.add(new ParamError(name, "'" + clip(v) + "' is not a boolean: use true or false"));
        return null;
    }

    private static String unknownMessage(String name) {
        for (String known : PARAMETERS) {
            if (known.equalsIgnoreCase(name)) {
                return "unknown parameter: did you mean '" + known + "'? Parameter names are case-sensitive";
            }
        }
        if (name.toLowerCase(Locale.ROOT).equals("method")) {
            return "unknown parameter: use 'methodType' (one of " + MethodType.wireNames() + ")";
        }
        return "unknown parameter: accepted are " + String.join(", ", PARAMETERS);
    }

    /** Echoes at most 40 characters of a caller's value in a message. */
    private static String clip(String v) {
        return v.length() <= 40 ? v : v.substring(0, 40) + "...";
    }
}
