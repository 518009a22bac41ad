package ch.srsconnect.shared.catalogue;

import static ch.srsconnect.shared.catalogue.InitialDataField.COUNTRY;
import static ch.srsconnect.shared.catalogue.InitialDataField.DOB;
import static ch.srsconnect.shared.catalogue.InitialDataField.EMAIL;
import static ch.srsconnect.shared.catalogue.InitialDataField.EXTERNAL_ID;
import static ch.srsconnect.shared.catalogue.InitialDataField.FIRST_NAME;
import static ch.srsconnect.shared.catalogue.InitialDataField.LANGUAGE;
import static ch.srsconnect.shared.catalogue.InitialDataField.LAST_NAME;
import static ch.srsconnect.shared.catalogue.InitialDataField.MOBILE;
import static ch.srsconnect.shared.catalogue.InitialDataField.NATIONALITY;
import static ch.srsconnect.shared.catalogue.InitialDataField.PLACE_OF_BIRTH;
import static ch.srsconnect.shared.catalogue.Jurisdiction.EIDAS;
import static ch.srsconnect.shared.catalogue.Jurisdiction.ZERTES;

import ch.srsconnect.shared.catalogue.FirstCheck.Anchor;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Period;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The identification methods the SRS guides describe (srs-api.md §7), as constants. Facts come from guide v1.8
 * (seeds/000, checked against the other extraction seeds/003 where 000 lost or shifted table cells) and, for the two
 * legacy methods, v1.4 (seeds/002). Where the guide is ambiguous the entry says so in a comment and the choice is
 * the one srs-api.md §7 records.
 *
 * <p>General facts, true for every method and therefore not repeated per entry: the SP must show
 * {@link RedirectNotice#STANDARD} before redirecting; when a user gets a new target URL, earlier pending orders must
 * be cancelled; {@code externalId} (§6.2) can be sent with every v1.8 order.
 */
public final class Catalogue {

    private static final List<String> DE_EN = List.of("de", "en");
    private static final List<String> DE_EN_FR_IT = List.of("de", "en", "fr", "it");

    /** Appendix 1: SRS Video EU by identity.tm. */
    public static final CatalogueEntry VIDEO_EU = entry("SRS Video EU", "IDENTITY.TM", "video", MethodType.VIDEO)
            // QES (AES)/eIDAS, AES/ZertES; ZertES LOA 3 "since 2nd Oct. 2020" (v1.4 had LOA 4)
            .jurisdictions(JurisdictionLoa.of(EIDAS, 4), JurisdictionLoa.of(ZERTES, 3))
            .evidence(Period.ofYears(5), false) // "5 years max"
            // "Initial Identity Data submission (optional)": an empty payload is allowed. The table also lists
            // "Validity" (of the ID document), which has no field in the order API and is left out. Language: "a
            // language parameter can be set in the request". externalId: general feature §6.2, not in the table.
            .mandatory()
            .optional(FIRST_NAME, LAST_NAME, DOB, MOBILE, PLACE_OF_BIRTH, NATIONALITY, LANGUAGE, EXTERNAL_ID)
            .rules(DataRule.LAST_NAME_FOR_MOBILE_APP, DataRule.NO_TITLES, DataRule.NO_PUNCTUATION,
                    DataRule.MATCH_ID_DOCUMENT)
            .languages(DE_EN, List.of("hr", "fr", "es")) // hr/fr/es "on a best effort basis" since Sept. 2021
            // "The Target URL is valid until cancellation"; reusable after a lost connection.
            .targetUrl(TargetUrlPolicy.of(null, null, null, RetryRule.REUSABLE_UNTIL_CANCELLED))
            // "10 to 20 Minutes ... after video identification is triggered by the Service Provider"
            .firstCheck(FirstCheck.of(Anchor.ORDER_PLACED, Duration.ofMinutes(10), Duration.ofMinutes(20)))
            .terms(TermsMode.SMS)
            .ref("v1.8 Appendix 1 (§8.2)")
            .build();

    /** Appendix 2: SRS Bank DE by Klarna. */
    public static final CatalogueEntry BANK_DE = entry("SRS Bank DE", "KLARNA", "bank", MethodType.BANK)
            // The filter table merges both jurisdictions ("EIDAS/ZertES", "LOA3, LOA4"); the signature capability
            // line "QES (AES)/eIDAS, AES/ZertES" gives the split.
            .jurisdictions(JurisdictionLoa.of(EIDAS, 4), JurisdictionLoa.of(ZERTES, 3))
            .evidence(Period.ofYears(2), false)
            .mandatory(FIRST_NAME, LAST_NAME, DOB, MOBILE, COUNTRY) // "must match ... the bank account"
            .optional(PLACE_OF_BIRTH, EMAIL, LANGUAGE, EXTERNAL_ID)
            .rules(DataRule.MATCH_BANK_ACCOUNT)
            .languages(DE_EN, List.of()) // "Language of the front-end App: German, English"
            // Session of 60 minutes once started; "the target URL can be used again 5 Times" within it. The guide
            // gives no lifetime for a never-used URL. The URL carries a token (~700 chars): never truncate or
            // re-encode it.
            .targetUrl(new TargetUrlPolicy(null, Duration.ofMinutes(60), 5, RetryRule.REUSABLE_WITHIN_SESSION,
                    700, true))
            .firstCheck(FirstCheck.of(Anchor.TERMINATED, Duration.ofSeconds(30), Duration.ofMinutes(2)))
            .terms(TermsMode.SMS)
            .ref("v1.8 Appendix 2 (§8.3)")
            .build();

    /** Appendix 3: SRS eID DE (German nPA) by identity.tm. */
    public static final CatalogueEntry EID_DE = entry("SRS eID DE", "identity-tm-eid", "eID", MethodType.EID)
            .methodCaseSensitive() // "eID (case sensitive)"
            // seeds/000 shifted this appendix's bullet values by one line; seeds/003 has them in place:
            // QES (AES)/eIDAS, AES/ZertES; 5 years (or ID expiration date); German, English.
            .jurisdictions(JurisdictionLoa.of(EIDAS, 4), JurisdictionLoa.of(ZERTES, 3))
            .evidence(Period.ofYears(5), true)
            .mandatory(FIRST_NAME, LAST_NAME, DOB, MOBILE) // "must match with the personal data on the nPA"
            .optional(PLACE_OF_BIRTH, COUNTRY, EMAIL, LANGUAGE, EXTERNAL_ID)
            // The browser flow follows Appendix 1's recommendations, but the title/punctuation rule is only stated
            // for Appendix 1: not repeated here.
            .rules(DataRule.MATCH_NPA)
            .languages(DE_EN, List.of())
            // "can be used again as long as the identification was not flagged negatively conducted";
            // no lifetime given.
            .targetUrl(TargetUrlPolicy.of(null, null, null, RetryRule.REUSABLE_UNTIL_NEGATIVE))
            .firstCheck(FirstCheck.of(Anchor.TERMINATED, Duration.ofSeconds(30), Duration.ofMinutes(2)))
            .terms(TermsMode.SMS) // Appendix 3 does not say; srs-api.md §7 records SMS (as for the other identity.tm method)
            .ref("v1.8 Appendix 3 (§8.4)")
            .build();

    /** Appendix 4: SRS Selfie Ident EU (Robo-Ident) by Nect. */
    public static final CatalogueEntry SELFIE_EU = entry("SRS Selfie Ident EU", "nect", "robo-ident",
            MethodType.ROBO_IDENT)
            .jurisdictions(JurisdictionLoa.of(EIDAS, 4), JurisdictionLoa.of(ZERTES, 3))
            .evidence(Period.ofYears(2), true) // "2 years (or ID expiration date)"
            // All fields "Optional", but "we recommend providing an empty payload as no matching is done".
            .mandatory()
            .optional(FIRST_NAME, LAST_NAME, DOB, MOBILE, PLACE_OF_BIRTH, COUNTRY, EMAIL, LANGUAGE, EXTERNAL_ID)
            .rules(DataRule.EMPTY_PAYLOAD_RECOMMENDED)
            .languages(DE_EN, List.of())
            // Ambiguity: the filter table says "Web flow TRUE" although the Nect app is mandatory; kept as the
            // table says (SRS's own answer wins at run time anyway).
            // 30 days unused; 60 minutes once started; 5 retries with the same URL unless error/negative/timeout.
            .targetUrl(TargetUrlPolicy.of(Duration.ofDays(30), Duration.ofMinutes(60), 5,
                    RetryRule.REUSABLE_UNTIL_FINAL))
            // "takes in general around 2 minutes but can take up to 6 Minutes"
            .firstCheck(FirstCheck.of(Anchor.USER_STARTED, Duration.ofMinutes(2), Duration.ofMinutes(6)))
            .terms(TermsMode.IN_APP) // "no additional need to get an SMS for T&C"
            .canSignWhenTerminated() // still confirm with a lookup, as the guide recommends
            .ref("v1.8 Appendix 4 (§8.5)")
            .build();

    /** Appendix 5: SRS Video Ident CH by Intrum. */
    public static final CatalogueEntry VIDEO_CH = entry("SRS Video Ident CH", "intrum-video", "video",
            MethodType.VIDEO)
            .jurisdictions(JurisdictionLoa.of(EIDAS, 3), JurisdictionLoa.of(ZERTES, 4)) // AES/eIDAS, AES/QES/ZertES
            .evidence(Period.ofYears(5), false) // "5 years max"
            .mandatory(FIRST_NAME, LAST_NAME, MOBILE)
            .optional(DOB, PLACE_OF_BIRTH, COUNTRY, EMAIL, LANGUAGE, EXTERNAL_ID)
            .rules(DataRule.MATCH_ID_DOCUMENT_EXACTLY)
            .languages(DE_EN_FR_IT, List.of()) // agent language
            // 90 days (created/initialized); after "aborted" the user may retry with the same IdentID.
            .targetUrl(TargetUrlPolicy.of(Duration.ofDays(90), null, null, RetryRule.REUSABLE_AFTER_ABORTED))
            // "takes in general 5 to 10 minutes (max 15 min)"; no SMS after 15 min = negative.
            .firstCheck(FirstCheck.of(Anchor.USER_STARTED, Duration.ofMinutes(5), Duration.ofMinutes(15)))
            .terms(TermsMode.SMS)
            .ref("v1.8 Appendix 5 (§8.6)")
            .build();

    /** Appendix 6: SRS Auto Ident CH by Intrum. */
    public static final CatalogueEntry AUTO_CH = entry("SRS Auto Ident CH", "intrum-autoident", "autoident",
            MethodType.AUTOIDENT)
            // Ambiguity: the appendix's filter table says Method Type "Video", but §6.1's type list has
            // "Autoident" (selfie + liveness + back-office check), which is this method; srs-api.md §7 uses it.
            .jurisdictions(JurisdictionLoa.of(EIDAS, 3), JurisdictionLoa.of(ZERTES, 4))
            .evidence(Period.ofYears(2), false) // "2 years max"
            .mandatory(FIRST_NAME, LAST_NAME, MOBILE)
            .optional(DOB, PLACE_OF_BIRTH, COUNTRY, EMAIL, LANGUAGE, EXTERNAL_ID)
            .rules(DataRule.MATCH_ID_DOCUMENT_EXACTLY)
            .languages(DE_EN_FR_IT, List.of()) // the UI follows the browser/phone language
            // 90 days; Appendix 6 (unlike 5) states no "aborted may retry" rule.
            .targetUrl(TargetUrlPolicy.of(Duration.ofDays(90), null, null, RetryRule.NEW_ORDER_ON_FAILURE))
            .firstCheck(FirstCheck.of(Anchor.USER_STARTED, Duration.ofMinutes(5), Duration.ofMinutes(15)))
            .terms(TermsMode.SMS) // "User gets an SMS with a link to the T&C"
            .ref("v1.8 Appendix 6 (§8.7)")
            .build();

    /** §4: the preprod mock ("Issuer=Test, Method=Video"); the target URL opens a form choosing the outcome. */
    public static final CatalogueEntry TEST = entry("Test (preprod)", "test", "video", MethodType.VIDEO)
            // Not in any appendix: LOA 4 in both jurisdictions and the flags are srs-api.md's assumptions.
            .jurisdictions(JurisdictionLoa.of(EIDAS, 4), JurisdictionLoa.of(ZERTES, 4))
            .evidence(null, false)
            .mandatory()
            .optional(InitialDataField.ALL.toArray(InitialDataField[]::new))
            .rules()
            .languages(List.of(), List.of())
            .targetUrl(TargetUrlPolicy.of(null, null, null, RetryRule.FORM_DRIVEN))
            .firstCheck(null)
            .terms(TermsMode.UNSPECIFIED)
            .testOnly()
            .ref("v1.8 §4")
            .build();

    /** v1.4 Appendix 2: eID by Authada (legacy). */
    public static final CatalogueEntry AUTHADA_EID = entry("eID Authada", "AUTHADA", "eID", MethodType.EID)
            // v1.4 gives no method name in the filter table ("Identification method name: eID Authada");
            // srs-api.md §7 records "eID". Case sensitivity is only stated for v1.8's eID: not assumed here.
            .jurisdictions(JurisdictionLoa.of(EIDAS, 4))
            .flags(false, false, true) // app + QR code: "Webflow FALSE"
            .evidence(Period.ofYears(2), false)
            .mandatory()
            .optional() // "Initial Information: N/A"
            .rules()
            .languages(List.of(), List.of())
            .targetUrl(TargetUrlPolicy.of(null, null, null, RetryRule.NEW_ORDER_ON_FAILURE))
            // "After the identification process is started ... Verify Call after a delay of 60 seconds"
            .firstCheck(FirstCheck.of(Anchor.USER_STARTED, Duration.ofSeconds(60), Duration.ofSeconds(60)))
            .terms(TermsMode.UNSPECIFIED) // v1.4: "user enters pin on Mobile phone - user is able to sign"
            .legacy()
            .ref("v1.4 Appendix 2")
            .build();

    /** v1.4 Appendix 3: BankIdent by Klarna (legacy, replaced by {@link #BANK_DE}). */
    public static final CatalogueEntry BANKIDENT = entry("BankIdent", "KLARNA", "bankident", MethodType.BANK)
            // v1.4 method type "Bankident" = v1.8 "Bank". Signature capability "QES (FES)/eIDAS".
            .jurisdictions(JurisdictionLoa.of(EIDAS, 4))
            .evidence(Period.ofYears(2), false)
            .mandatory(FIRST_NAME, LAST_NAME, DOB)
            .optional(MOBILE, PLACE_OF_BIRTH, NATIONALITY, EMAIL, LANGUAGE, EXTERNAL_ID)
            .rules(DataRule.MATCH_BANK_ACCOUNT)
            .languages(List.of(), List.of())
            .targetUrl(TargetUrlPolicy.of(null, Duration.ofMinutes(60), 5, RetryRule.REUSABLE_WITHIN_SESSION))
            .firstCheck(FirstCheck.of(Anchor.TERMINATED, Duration.ofSeconds(30), Duration.ofMinutes(2)))
            .terms(TermsMode.SMS)
            .legacy()
            .ref("v1.4 Appendix 3")
            .build();

    /** Every entry in presentation order: the six v1.8 methods in appendix order, the mock, the legacy ones. */
    public static final List<CatalogueEntry> ALL = List.of(
            VIDEO_EU, BANK_DE, EID_DE, SELFIE_EU, VIDEO_CH, AUTO_CH, TEST, AUTHADA_EID, BANKIDENT);

    private Catalogue() {
    }

    /**
     * The entry for SRS's (issuer, method): issuer case-insensitive; method case-sensitive only where the guide
     * says so (v1.8 eID), otherwise case-insensitive (the guide itself writes "Video"/"video", "Bank"/"bank").
     */
    public static Optional<CatalogueEntry> find(String issuer, String method) {
        for (CatalogueEntry e : ALL) {
            if (e.matches(issuer, method)) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    /** {@code guideRef} of an entry made from SRS's list for a method this catalogue does not know. */
    public static final String UNCATALOGUED = "SRS's method list (not in the catalogue: generic rules)";

    /**
     * A method SRS lists that this catalogue does not know, with the generic rules: SRS's own issuer/method spelling,
     * its jurisdictions and languages as SRS lists them, every common initial data field optional and none mandatory
     * (SRS decides), no titles or punctuation in names, T&amp;C by SMS, no documented timing (the poller's conservative
     * plan), a new order after any failure. {@code methodType} is null when SRS's type is not one this product knows.
     */
    public static CatalogueEntry uncatalogued(String issuer, String method, JsonNode srsEntry) {
        String name = srsEntry.path("name").asText("");
        List<JurisdictionLoa> jurisdictions = new ArrayList<>();
        for (JsonNode j : srsEntry.path("jurisdictions")) {
            Optional<Jurisdiction> parsed = Jurisdiction.parse(j.path("jurisdiction").asText(null));
            int loa = j.path("loa").asInt(0);
            if (parsed.isPresent() && (loa == 3 || loa == 4)) {
                jurisdictions.add(JurisdictionLoa.of(parsed.get(), loa));
            }
        }
        List<String> languages = new ArrayList<>();
        srsEntry.path("languages").forEach(l -> languages.add(l.asText().toLowerCase(Locale.ROOT)));
        return new Builder(name.isBlank() ? issuer + "/" + method : name, issuer, method,
                MethodType.parse(srsEntry.path("methodType").asText(null)).orElse(null))
                .methodCaseSensitive()   // SRS's own spelling, as it listed it
                .jurisdictions(jurisdictions.toArray(JurisdictionLoa[]::new))
                .optional(InitialDataField.values())
                .rules(DataRule.NO_TITLES, DataRule.NO_PUNCTUATION)
                .languages(List.copyOf(languages), List.of())
                .targetUrl(TargetUrlPolicy.of(null, null, null, RetryRule.NEW_ORDER_ON_FAILURE))
                .terms(TermsMode.SMS)
                .ref(UNCATALOGUED)
                .build();
    }

    /** Position in {@link #ALL}, or -1: the deterministic presentation order. */
    public static int indexOf(CatalogueEntry entry) {
        return ALL.indexOf(entry);
    }

    /** The current (non-legacy) entries, the mock included. */
    public static List<CatalogueEntry> current() {
        List<CatalogueEntry> out = new ArrayList<>();
        for (CatalogueEntry e : ALL) {
            if (!e.legacy()) {
                out.add(e);
            }
        }
        return List.copyOf(out);
    }

    /** The issuer spelling the catalogue uses for {@code issuer} (any case), if it is a catalogued issuer. */
    public static Optional<String> canonicalIssuer(String issuer) {
        for (CatalogueEntry e : ALL) {
            if (e.issuer().equalsIgnoreCase(issuer)) {
                return Optional.of(e.issuer());
            }
        }
        return Optional.empty();
    }

    private static Builder entry(String displayName, String issuer, String method, MethodType type) {
        return new Builder(displayName, issuer, method, type);
    }

    /** Keeps the constants above readable; used only while this class initialises. */
    private static final class Builder {
        private final String displayName;
        private final String issuer;
        private final String method;
        private final MethodType type;
        private boolean methodCaseSensitive;
        private List<JurisdictionLoa> jurisdictions = List.of();
        private boolean offline;
        private boolean webFlow = true;
        private boolean realTime = true;
        private Period validity;
        private boolean cappedByIdExpiry;
        private List<InitialDataField> mandatory = List.of();
        private List<InitialDataField> optional = List.of();
        private List<DataRule> rules = List.of();
        private List<String> languages = List.of();
        private List<String> bestEffort = List.of();
        private TargetUrlPolicy targetUrl;
        private FirstCheck firstCheck;
        private TermsMode terms;
        private boolean canSignWhenTerminated;
        private boolean legacy;
        private boolean testOnly;
        private String ref;

        Builder(String displayName, String issuer, String method, MethodType type) {
            this.displayName = displayName;
            this.issuer = issuer;
            this.method = method;
            this.type = type;
        }

        Builder methodCaseSensitive() {
            methodCaseSensitive = true;
            return this;
        }

        Builder jurisdictions(JurisdictionLoa... values) {
            jurisdictions = List.of(values);
            return this;
        }

        /** Default: offline false, web flow true, real time true (every v1.8 filter table). */
        Builder flags(boolean offline, boolean webFlow, boolean realTime) {
            this.offline = offline;
            this.webFlow = webFlow;
            this.realTime = realTime;
            return this;
        }

        Builder evidence(Period validity, boolean cappedByIdExpiry) {
            this.validity = validity;
            this.cappedByIdExpiry = cappedByIdExpiry;
            return this;
        }

        Builder mandatory(InitialDataField... fields) {
            mandatory = List.of(fields);
            return this;
        }

        Builder optional(InitialDataField... fields) {
            optional = List.of(fields);
            return this;
        }

        Builder rules(DataRule... values) {
            rules = List.of(values);
            return this;
        }

        Builder languages(List<String> offered, List<String> bestEffort) {
            this.languages = offered;
            this.bestEffort = bestEffort;
            return this;
        }

        Builder targetUrl(TargetUrlPolicy policy) {
            targetUrl = policy;
            return this;
        }

        Builder firstCheck(FirstCheck check) {
            firstCheck = check;
            return this;
        }

        Builder terms(TermsMode mode) {
            terms = mode;
            return this;
        }

        Builder canSignWhenTerminated() {
            canSignWhenTerminated = true;
            return this;
        }

        Builder legacy() {
            legacy = true;
            return this;
        }

        Builder testOnly() {
            testOnly = true;
            return this;
        }

        Builder ref(String guideRef) {
            ref = guideRef;
            return this;
        }

        CatalogueEntry build() {
            return new CatalogueEntry(displayName, issuer, method, methodCaseSensitive, type, jurisdictions, offline,
                    webFlow, realTime, validity, cappedByIdExpiry, mandatory, optional, rules, languages, bestEffort,
                    targetUrl, firstCheck, terms, canSignWhenTerminated, legacy, testOnly, ref);
        }
    }
}
