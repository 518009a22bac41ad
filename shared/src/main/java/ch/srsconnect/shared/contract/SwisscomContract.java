package ch.srsconnect.shared.contract;

import ch.srsconnect.shared.config.Config;
import ch.srsconnect.shared.config.ConfigException;
import ch.srsconnect.shared.config.EnvVar;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The parts of Swisscom's wire contract that the guides leave open or that SPs' onboardings vary, as configuration with
 * a default, in one place ({@code docs/swisscom-contract.md} lists every call and marks what is documented and what is
 * assumed). Clients take these choices from here, never from their own constants or environment reads.
 *
 * @param raAuth        how the RA lookup authenticates ({@code RA_AUTH}; assumed, decision 0052)
 * @param testCallback  call {@code GET /api/identifications/{refId}/callback} before reading a mock order's status
 *                      (issuer {@code test}); documented (guide §4 "Important ... only for test"); {@code SRS_TEST_CALLBACK}
 * @param idpClientAuth how the client id and secret reach the IdP ({@code IDP_CLIENT_AUTH})
 * @param accept        the {@code Accept} header per call (endpoint label), defaults in {@link #DEFAULT_ACCEPT};
 *                      {@code SWISSCOM_ACCEPT} overrides entries: {@code <endpoint label>=<media type>;...}
 * @param lookupSource  what says "the user can sign": the RA lookup (default) or Smart Flows' evidence status and T&amp;C
 *                      link, for an SP without RA access ({@code LOOKUP_SOURCE})
 */
public record SwisscomContract(RaAuth raAuth, boolean testCallback, IdpClientAuth idpClientAuth, Map<String, String> accept,
                               LookupSource lookupSource) {

    /** The can-sign check: {@code ra} (the RA lookup) or {@code smartflows} (SmartFlowsLookup). */
    public enum LookupSource {
        RA, SMARTFLOWS

    }

    /** The client credentials: HTTP Basic (the Smart Flows guide's curl, §6.1.2) or form fields (the Postman sample). */
    public enum IdpClientAuth {
        BASIC, FORM

    }

    /** Vendor media type of the order call (Postman sample, srs-api.md §3). */
    public static final String PROVIDER_V1 = "application/vnd.sc.miss.provider.v1+json";
    /** What a client sends when it names no type (curl, Postman): the calls whose samples set no {@code Accept}. */
    public static final String ANY = "*/*";

    /**
     * {@code Accept} as Swisscom's own samples send it. Documented: the order call (Postman), the Smart Flows calls (the
     * Smart Flows guide's curl lines). Assumed: the rest, sent as the samples' clients do without a header ({@code *}/{@code *}),
     * so that a service answering a vendor type cannot refuse us with 406.
     */
    public static final Map<String, String> DEFAULT_ACCEPT = defaultAccept();

    private static Map<String, String> defaultAccept() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("POST /oauth/token", ANY);
        m.put("GET /api/providers", ANY);
        m.put("POST /api/providers/{issuer}/{method}", PROVIDER_V1);
        m.put("GET /api/identifications/{refId}", ANY);
        m.put("GET /api/identifications/{refId}/callback", ANY);
        m.put("DELETE /api/identifications/{refId}", ANY);
        m.put("POST /api/evidences/lookup", ANY);
        m.put("POST /api/public/phone/verification", ANY);
        m.put("POST /api/public/phone/verification/code", ANY);
        m.put("GET /api/public/evidence/status", "application/json");
        m.put("GET /api/public/evidence/{msisdn}/tc", "application/json");
        m.put("POST /api/public/confirm", ANY);
        m.put("GET /api/public/mobileid/status", ANY);
        return Map.copyOf(m);
    }

    public SwisscomContract {
        accept = Map.copyOf(accept);
    }

    /** The defaults: what this product assumes when nothing is configured. */
    public static final SwisscomContract DEFAULTS = new SwisscomContract(RaAuth.DEFAULT, EnvVar.DEFAULT_SRS_TEST_CALLBACK,
            IdpClientAuth.BASIC, DEFAULT_ACCEPT, LookupSource.RA);

    public static SwisscomContract fromConfig(Config config) {
        return new SwisscomContract(RaAuth.fromConfig(config),
                config.flag(EnvVar.SRS_TEST_CALLBACK, EnvVar.DEFAULT_SRS_TEST_CALLBACK),
                oneOf(IdpClientAuth.values(), config, EnvVar.IDP_CLIENT_AUTH, IdpClientAuth.BASIC),
                accept(config.optional(EnvVar.SWISSCOM_ACCEPT).orElse("")),
                oneOf(LookupSource.values(), config, EnvVar.LOOKUP_SOURCE, LookupSource.RA));
    }

    /** The variable's value as one of {@code values} (any case), {@code fallback} when unset; else names the choices. */
    static <E extends Enum<E>> E oneOf(E[] values, Config config, String variable, E fallback) {
        String v = config.optional(variable).orElse(fallback.name());
        for (E e : values) {
            if (e.name().equalsIgnoreCase(v)) return e;
        }
        List<String> names = Arrays.stream(values).map(e -> e.name().toLowerCase(Locale.ROOT)).toList();
        throw new ConfigException(variable, "must be " + String.join(", ", names.subList(0, names.size() - 1))
                + " or " + names.getLast());
    }

    /** The {@code Accept} to send for a call; {@link #ANY} for a call the table does not name. */
    public String acceptFor(String endpoint) {
        return accept.getOrDefault(endpoint, ANY);
    }

    /** A mock order of SRS's test environment: issuer {@code test} (the guide spells it {@code Test}). */
    public static boolean isMockIssuer(String issuer) {
        return issuer != null && issuer.trim().equalsIgnoreCase("test");
    }

    static Map<String, String> accept(String overrides) {
        Map<String, String> m = new LinkedHashMap<>(DEFAULT_ACCEPT);
        for (String entry : overrides.split(";")) {
            if (entry.isBlank()) continue;
            int eq = entry.lastIndexOf('=');
            String endpoint = eq < 0 ? "" : entry.substring(0, eq).trim();
            String type = eq < 0 ? "" : entry.substring(eq + 1).trim();
            if (!DEFAULT_ACCEPT.containsKey(endpoint) || !type.contains("/")) {
                throw new ConfigException(EnvVar.SWISSCOM_ACCEPT, "entries must be '<call>=<media type>' with a call of "
                        + DEFAULT_ACCEPT.keySet());
            }
            m.put(endpoint, type);
        }
        return m;
    }
}
