package ch.srsconnect.shared.catalogue;

import java.util.List;

/**
 * Initial identity data an SP may send with an order, named as in srs-connect's order API (which are also the
 * SRS place-order body names, srs-api.md §3).
 *
 * <p>The phone number is presented as {@code mobile} everywhere in the SP-facing API (as SRS's order body names
 * it), always in E.164 with the leading {@code +}. "msisdn" (digits only, no {@code +}) is the RA / Smart Flows
 * wire format and stays internal.
 */
public enum InitialDataField {
    FIRST_NAME("firstName", "personName", null, "Max",
            "Given name(s) exactly as on the ID document"),
    LAST_NAME("lastName", "personName", null, "Muster",
            "Surname exactly as on the ID document"),
    DOB("dob", "date", "^[0-9]{4}-[0-9]{2}-[0-9]{2}$", "1980-12-31",
            "Date of birth, yyyy-MM-dd"),
    MOBILE("mobile", "e164", "^\\+[1-9][0-9]{6,14}$", "+41791234567",
            "Mobile number in E.164 with leading +; it becomes the user's signing number"),
    PLACE_OF_BIRTH("placeOfBirth", "text", null, "Bern",
            "Place of birth as on the ID document"),
    NATIONALITY("nationality", "iso3166-1-alpha2", "^[A-Z]{2}$", "CH",
            "Nationality, ISO 3166-1 alpha-2"),
    COUNTRY("country", "iso3166-1-alpha2", "^[A-Z]{2}$", "DE",
            "Country, ISO 3166-1 alpha-2"),
    EMAIL("email", "email", null, "max.muster@example.com",
            "E-mail address"),
    LANGUAGE("language", "iso639-1", "^[a-z]{2}$", "de",
            "Language of the identification (ISO 639-1), one of the method's languages"),
    EXTERNAL_ID("externalId", "text", null, "customer-4711",
            "Free text chosen by the SP (e.g. its customer id for billing); not personal data");

    /** All fields, for methods that accept any initial data. */
    public static final List<InitialDataField> ALL = List.of(values());

    private final String fieldName;
    private final String format;
    private final String pattern;
    private final String example;
    private final String description;

    InitialDataField(String fieldName, String format, String pattern, String example, String description) {
        this.fieldName = fieldName;
        this.format = format;
        this.pattern = pattern;
        this.example = example;
        this.description = description;
    }

    /** The JSON property name in the order API, e.g. {@code dob}. */
    public String fieldName() {
        return fieldName;
    }

    /** A symbolic format a frontend can switch on: personName, date, e164, iso3166-1-alpha2, iso639-1, email, text. */
    public String format() {
        return format;
    }

    /** A regular expression the value must match, or null. */
    public String pattern() {
        return pattern;
    }

    public String example() {
        return example;
    }

    public String description() {
        return description;
    }
}
