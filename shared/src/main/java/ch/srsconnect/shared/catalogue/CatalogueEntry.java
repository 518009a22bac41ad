package ch.srsconnect.shared.catalogue;

import java.time.Period;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What the guides say about one identification method. Plain data, built once as constants in {@link Catalogue}.
 *
 * @param displayName         the guide's product name, e.g. "SRS Video EU"
 * @param issuer              SRS issuer, compared case-insensitively
 * @param method              SRS method name
 * @param methodCaseSensitive whether SRS compares {@code method} case-sensitively (the guide says so for eID)
 * @param methodType          value of the SRS {@code method} filter; null only for a method SRS lists with a type this
 *                            product does not know ({@link Catalogue#uncatalogued})
 * @param jurisdictions       LOA per jurisdiction, from the appendix's "signature capability" line
 * @param offline             needs a physical step offline
 * @param webFlow             the whole process can run in a web browser
 * @param realTime            the user can sign right after the identification
 * @param evidenceValidity    validity of the evidence (null: not applicable)
 * @param validityCappedByIdExpiry the evidence expires earlier if the ID document does
 * @param mandatory           initial data the method requires
 * @param optional            initial data the method accepts
 * @param dataRules           rules for the initial data (titles, punctuation, matching)
 * @param languages           ISO 639-1 languages offered
 * @param bestEffortLanguages further languages offered on a best-effort basis
 * @param targetUrl           target URL lifetime and reuse
 * @param firstCheck          when to check for the result first (null: not documented)
 * @param terms               how T&amp;C are accepted
 * @param canSignWhenTerminated status {@code terminated} already means the user can sign (confirm by lookup anyway)
 * @param legacy              a v1.4 method no longer offered by v1.8
 * @param testOnly            the preprod mock method
 * @param guideRef            where the facts come from
 */
public record CatalogueEntry(
        String displayName,
        String issuer,
        String method,
        boolean methodCaseSensitive,
        MethodType methodType,
        List<JurisdictionLoa> jurisdictions,
        boolean offline,
        boolean webFlow,
        boolean realTime,
        Period evidenceValidity,
        boolean validityCappedByIdExpiry,
        List<InitialDataField> mandatory,
        List<InitialDataField> optional,
        List<DataRule> dataRules,
        List<String> languages,
        List<String> bestEffortLanguages,
        TargetUrlPolicy targetUrl,
        FirstCheck firstCheck,
        TermsMode terms,
        boolean canSignWhenTerminated,
        boolean legacy,
        boolean testOnly,
        String guideRef) {

    public CatalogueEntry {
        Objects.requireNonNull(displayName, "displayName");
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(method, "method");
        if (methodType == null && !Catalogue.UNCATALOGUED.equals(guideRef)) {
            throw new IllegalArgumentException(issuer + "/" + method + ": methodType is required for a catalogued method");
        }
        Objects.requireNonNull(targetUrl, "targetUrl");
        Objects.requireNonNull(terms, "terms");
        jurisdictions = List.copyOf(jurisdictions);
        mandatory = List.copyOf(mandatory);
        optional = List.copyOf(optional);
        dataRules = List.copyOf(dataRules);
        languages = List.copyOf(languages);
        bestEffortLanguages = List.copyOf(bestEffortLanguages);
        for (InitialDataField f : mandatory) {
            if (optional.contains(f)) {
                throw new IllegalArgumentException(issuer + "/" + method + ": " + f + " both mandatory and optional");
            }
        }
    }

    /** False for an entry made from SRS's list ({@link Catalogue#uncatalogued}). */
    public boolean catalogued() {
        return !Catalogue.UNCATALOGUED.equals(guideRef);
    }

    /** Whether this entry is SRS's (issuer, method): issuer ignoring case, method as {@link #methodCaseSensitive}. */
    public boolean matches(String issuer, String method) {
        if (issuer == null || method == null || !this.issuer.equalsIgnoreCase(issuer.trim())) {
            return false;
        }
        String m = method.trim();
        return methodCaseSensitive ? this.method.equals(m) : this.method.equalsIgnoreCase(m);
    }

    /** The LOA this method yields in {@code jurisdiction}, or 0 if it is not usable there. */
    public int loaIn(Jurisdiction jurisdiction) {
        for (JurisdictionLoa jl : jurisdictions) {
            if (jl.jurisdiction() == jurisdiction) {
                return jl.loa();
            }
        }
        return 0;
    }

    /** Languages a request may name: offered plus best effort. */
    public List<String> requestableLanguages() {
        if (bestEffortLanguages.isEmpty()) {
            return languages;
        }
        java.util.ArrayList<String> all = new java.util.ArrayList<>(languages);
        all.addAll(bestEffortLanguages);
        return List.copyOf(all);
    }

    /** "issuer/method" in lower case, for logs and sorting. */
    public String key() {
        return (issuer + "/" + method).toLowerCase(Locale.ROOT);
    }
}
