package ch.srsconnect.shared.catalogue;

import java.util.List;

/**
 * One entry of the SP-facing method list: SRS's answer merged with the catalogue. SRS wins for what it states
 * (names, type, jurisdictions/LOA, flags, languages, evidence validity); the catalogue fills the rest. For a method
 * the catalogue does not know ({@code catalogued == false}) every catalogue-only fact is null.
 * Serialised by {@link MethodJson}.
 */
public record MethodView(
        String issuer,
        String method,
        String displayName,
        String methodType,
        boolean catalogued,
        boolean legacy,
        boolean testOnly,
        List<JurisdictionLoa> jurisdictions,
        Boolean offline,
        Boolean webFlow,
        Boolean realTime,
        List<String> languages,
        List<String> bestEffortLanguages,
        String evidenceValidity,
        Boolean evidenceValidityCappedByIdExpiry,
        List<FieldSpec> mandatoryFields,
        List<FieldSpec> optionalFields,
        List<DataRule> dataRules,
        TargetUrlPolicy targetUrl,
        FirstCheck firstCheck,
        TermsMode termsAndConditions,
        Boolean canSignWhenTerminated,
        RedirectNotice redirectNotice) {

    /** {@link MethodsQuery#matches} on the merged facts. */
    public boolean matches(MethodsQuery query) {
        return query.matches(issuer, methodType, jurisdictions, offline, webFlow, realTime);
    }
}
