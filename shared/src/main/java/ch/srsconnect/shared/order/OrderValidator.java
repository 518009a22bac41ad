package ch.srsconnect.shared.order;

import ch.srsconnect.shared.api.FieldError;
import ch.srsconnect.shared.api.JsonBody;
import ch.srsconnect.shared.catalogue.Catalogue;
import ch.srsconnect.shared.catalogue.CatalogueEntry;
import ch.srsconnect.shared.catalogue.DataRule;
import ch.srsconnect.shared.catalogue.InitialDataField;
import com.fasterxml.jackson.databind.JsonNode;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Checks a {@code POST /identifications} body against the method catalogue, before anything is stored or sent:
 * the method's mandatory fields, formats (E.164, ISO 3166-1 alpha-2, ISO 639-1 among the method's languages, a
 * real past date of birth), names without titles or the punctuation that ends in a negative identification,
 * sizes, unknown fields. Pure: no I/O. Every problem is reported, each naming its field.
 *
 * <p>Body shape: {@code {issuer, method, msisdn, person {firstName, lastName, dob, placeOfBirth, nationality,
 * country, email}, language, externalId, silentSms}}.
 */
public final class OrderValidator {

    /** A body larger than this is refused before parsing (bytes). */
    public static final int MAX_BODY_BYTES = JsonBody.MAX_BYTES;
    public static final int MAX_NAME_LENGTH = 100;
    public static final int MAX_PLACE_LENGTH = 100;
    public static final int MAX_EMAIL_LENGTH = 254;
    public static final int MAX_EXTERNAL_ID_LENGTH = 100;
    /** Oldest accepted date of birth: nobody alive is older. */
    public static final LocalDate OLDEST_DOB = LocalDate.of(1900, 1, 1);

    static final Set<String> TOP_LEVEL = Set.of("issuer", "method", "msisdn", "person", "language", "externalId", "silentSms");
    static final Set<String> PERSON = Set.of("firstName", "lastName", "dob", "placeOfBirth", "nationality", "country", "email");

    private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{6,14}");
    /** Letters of any script, combining marks, spaces, hyphens and apostrophes. */
    private static final Pattern NAME = Pattern.compile("[\\p{L}\\p{M}][\\p{L}\\p{M} '\\-\u2019]*");
    /** Titles the guide says must not be sent (matched as whole words, case-insensitive). */
    static final Set<String> TITLES = Set.of("dr", "prof", "professor", "mr", "mrs", "ms", "miss", "herr", "frau",
            "dipl", "ing", "phd", "sir", "madame", "monsieur", "mme", "mlle", "dott", "sig", "lic", "med", "mag");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s]{2,}");
    private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());
    private static final Set<String> LANGUAGES = Set.of(Locale.getISOLanguages());
    private static final DateTimeFormatter DOB = DateTimeFormatter.ofPattern("uuuu-MM-dd").withResolverStyle(ResolverStyle.STRICT);

    private final Clock clock;

    public OrderValidator(Clock clock) {
        this.clock = clock;
    }

    /** The outcome: a request, or the errors (status 422, or 400 when the body is not a JSON object). */
    public sealed interface Result permits Valid, Invalid {
    }

    public record Valid(OrderRequest request) implements Result {
    }

    public record Invalid(int status, List<FieldError> errors) implements Result {
        public Invalid {
            errors = List.copyOf(errors);
        }
    }

    /** The methods an order may name: the current catalogue, as {@code issuer/method}. */
    public static List<String> orderableMethods() {
        return Catalogue.current().stream().map(e -> e.issuer() + "/" + e.method()).toList();
    }

    /** Which entry an order's issuer/method names (the catalogue, or SRS's list); empty: neither knows it. */
    @FunctionalInterface
    public interface MethodResolver {
        Optional<CatalogueEntry> resolve(String issuer, String method);
    }

    /** With the catalogue's current methods only. */
    public Result validate(JsonNode body) {
        return validate(body, (issuer, method) -> Catalogue.find(issuer, method).filter(e -> !e.legacy()));
    }

    /** @param resolver may call SRS (its failures propagate: an outage is not a validation error) */
    public Result validate(JsonNode body, MethodResolver resolver) {
        if (body == null || !body.isObject()) {
            return new Invalid(400, List.of(new FieldError("body", "must be a JSON object")));
        }
        List<FieldError> errors = new ArrayList<>();
        unknownFields(body, TOP_LEVEL, "", errors);

        String issuer = text(body, "issuer", 100, errors);
        String method = text(body, "method", 100, errors);
        CatalogueEntry entry = null;
        if (issuer == null && !hasError(errors, "issuer")) {
            errors.add(new FieldError("issuer", "is required; one of " + orderableMethods()));
        }
        if (method == null && !hasError(errors, "method")) {
            errors.add(new FieldError("method", "is required; one of " + orderableMethods()));
        }
        if (issuer != null && method != null) {
            entry = resolver.resolve(issuer, method).orElse(null);
            if (entry == null) {
                String field = Catalogue.canonicalIssuer(issuer).isPresent() ? "method" : "issuer";
                errors.add(new FieldError(field, "unknown identification method " + issuer + "/" + method
                        + "; valid: " + orderableMethods()));
            }
        }

        Map<InitialDataField, Object> given = new LinkedHashMap<>();
        String msisdn = text(body, "msisdn", 32, errors);
        if (msisdn != null) {
            String compact = msisdn.replaceAll("[\\s]", "");
            if (!E164.matcher(compact).matches()) {
                errors.add(new FieldError("msisdn", "must be E.164 with a leading + (e.g. +41791234567)"));
            } else {
                given.put(InitialDataField.MOBILE, compact);
            }
        }

        JsonNode personNode = body.get("person");
        OrderRequest.Person person = OrderRequest.Person.NONE;
        if (personNode != null && !personNode.isNull()) {
            if (!personNode.isObject()) {
                errors.add(new FieldError("person", "must be an object"));
            } else {
                person = person(personNode, entry, given, errors);
            }
        }

        String language = text(body, "language", 8, errors);
        if (language != null) {
            String lang = language.toLowerCase(Locale.ROOT);
            if (!lang.matches("[a-z]{2}") || !LANGUAGES.contains(lang)) {
                errors.add(new FieldError("language", "must be an ISO 639-1 code such as de or en"));
            } else if (entry != null && !entry.requestableLanguages().isEmpty() && !entry.requestableLanguages().contains(lang)) {
                errors.add(new FieldError("language", entry.displayName() + " offers " + entry.requestableLanguages()));
            } else {
                given.put(InitialDataField.LANGUAGE, lang);
                language = lang;
            }
        }

        String externalId = text(body, "externalId", MAX_EXTERNAL_ID_LENGTH, errors);
        if (externalId != null) {
            if (externalId.codePoints().anyMatch(Character::isISOControl)) {
                errors.add(new FieldError("externalId", "must not contain control characters"));
            } else {
                given.put(InitialDataField.EXTERNAL_ID, externalId);
            }
        }

        boolean silentSms = false;
        JsonNode silent = body.get("silentSms");
        if (silent != null && !silent.isNull()) {
            if (!silent.isBoolean()) {
                errors.add(new FieldError("silentSms", "must be true or false"));
            } else {
                silentSms = silent.asBoolean();
            }
        }

        if (entry != null) {
            for (InitialDataField f : entry.mandatory()) {
                String path = path(f);
                if (!given.containsKey(f) && !hasError(errors, path)) {
                    errors.add(new FieldError(path, "is mandatory for " + entry.displayName()));
                }
            }
            for (InitialDataField f : given.keySet()) {
                if (!entry.mandatory().contains(f) && !entry.optional().contains(f)) {
                    errors.add(new FieldError(path(f), "is not accepted by " + entry.displayName()
                            + "; accepted: " + accepted(entry)));
                }
            }
        }
        if (!errors.isEmpty()) {
            return new Invalid(422, errors);
        }
        return new Valid(new OrderRequest(entry, (String) given.get(InitialDataField.MOBILE), person, language,
                externalId, silentSms));
    }

    private OrderRequest.Person person(JsonNode p, CatalogueEntry entry, Map<InitialDataField, Object> given,
                                       List<FieldError> errors) {
        unknownFields(p, PERSON, "person.", errors);
        String firstName = name(p, "firstName", entry, errors);
        String lastName = name(p, "lastName", entry, errors);
        if (firstName != null) {
            given.put(InitialDataField.FIRST_NAME, firstName);
        }
        if (lastName != null) {
            given.put(InitialDataField.LAST_NAME, lastName);
        }
        LocalDate dob = null;
        String dobText = text(p, "dob", 10, errors, "person.dob");
        if (dobText != null) {
            try {
                dob = LocalDate.parse(dobText, DOB);
                LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
                if (!dob.isBefore(today)) {
                    errors.add(new FieldError("person.dob", "must be in the past"));
                    dob = null;
                } else if (dob.isBefore(OLDEST_DOB)) {
                    errors.add(new FieldError("person.dob", "must not be before " + OLDEST_DOB));
                    dob = null;
                } else {
                    given.put(InitialDataField.DOB, dob);
                }
            } catch (DateTimeParseException e) {
                errors.add(new FieldError("person.dob", "must be a real date as yyyy-MM-dd"));
            }
        }
        String placeOfBirth = text(p, "placeOfBirth", MAX_PLACE_LENGTH, errors, "person.placeOfBirth");
        if (placeOfBirth != null) {
            if (placeOfBirth.codePoints().anyMatch(Character::isISOControl)) {
                errors.add(new FieldError("person.placeOfBirth", "must not contain control characters"));
                placeOfBirth = null;
            } else {
                given.put(InitialDataField.PLACE_OF_BIRTH, placeOfBirth);
            }
        }
        String nationality = country(p, "nationality", errors);
        if (nationality != null) {
            given.put(InitialDataField.NATIONALITY, nationality);
        }
        String country = country(p, "country", errors);
        if (country != null) {
            given.put(InitialDataField.COUNTRY, country);
        }
        String email = text(p, "email", MAX_EMAIL_LENGTH, errors, "person.email");
        if (email != null) {
            if (!EMAIL.matcher(email).matches()) {
                errors.add(new FieldError("person.email", "is not an e-mail address"));
                email = null;
            } else {
                given.put(InitialDataField.EMAIL, email);
            }
        }
        return new OrderRequest.Person(firstName, lastName, dob, placeOfBirth, nationality, country, email);
    }

    private static String name(JsonNode p, String field, CatalogueEntry entry, List<FieldError> errors) {
        String path = "person." + field;
        String v = text(p, field, MAX_NAME_LENGTH, errors, path);
        if (v == null) {
            return null;
        }
        boolean strict = entry != null && entry.dataRules().contains(DataRule.NO_PUNCTUATION);
        String normalised = v.replaceAll("\\s+", " ");
        if (!NAME.matcher(normalised).matches() || strict && (normalised.indexOf('\'') >= 0 || normalised.indexOf('\u2019') >= 0)) {
            errors.add(new FieldError(path, strict
                    ? "letters, spaces and hyphens only: punctuation ends in a negative identification with this method"
                    : "letters, spaces, hyphens and apostrophes only (no digits or punctuation)"));
            return null;
        }
        for (String word : normalised.toLowerCase(Locale.ROOT).split("[ \\-]+")) {
            if (TITLES.contains(word)) {
                errors.add(new FieldError(path, "must not contain titles such as '" + word + "': send the name exactly as on the ID document"));
                return null;
            }
        }
        return normalised;
    }

    private static String country(JsonNode p, String field, List<FieldError> errors) {
        String path = "person." + field;
        String v = text(p, field, 8, errors, path);
        if (v == null) {
            return null;
        }
        String upper = v.toUpperCase(Locale.ROOT);
        if (!upper.matches("[A-Z]{2}") || !COUNTRIES.contains(upper)) {
            errors.add(new FieldError(path, "must be an ISO 3166-1 alpha-2 code such as CH or DE"));
            return null;
        }
        return upper;
    }

    private static String text(JsonNode node, String field, int maxLength, List<FieldError> errors) {
        return text(node, field, maxLength, errors, field);
    }

    /** A trimmed non-blank string, or null when absent; type, blank and length problems are reported. */
    private static String text(JsonNode node, String field, int maxLength, List<FieldError> errors, String path) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            errors.add(new FieldError(path, "must be a string"));
            return null;
        }
        String s = v.asText().strip();
        if (s.isEmpty()) {
            errors.add(new FieldError(path, "must not be blank (leave it out instead)"));
            return null;
        }
        if (s.codePointCount(0, s.length()) > maxLength) {
            errors.add(new FieldError(path, "must be at most " + maxLength + " characters"));
            return null;
        }
        return s;
    }

    private static void unknownFields(JsonNode node, Set<String> known, String prefix, List<FieldError> errors) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!known.contains(name)) {
                errors.add(new FieldError(prefix + name, "unknown field; known: " + new TreeSet<>(known)));
            }
        }
    }

    private static boolean hasError(List<FieldError> errors, String field) {
        return errors.stream().anyMatch(e -> e.field().equals(field));
    }

    /** Where a catalogue field sits in the order body. */
    public static String path(InitialDataField f) {
        return switch (f) {
            case MOBILE -> "msisdn";
            case LANGUAGE -> "language";
            case EXTERNAL_ID -> "externalId";
            default -> "person." + f.fieldName();
        };
    }

    private static List<String> accepted(CatalogueEntry entry) {
        List<String> out = new ArrayList<>();
        entry.mandatory().forEach(f -> out.add(path(f)));
        entry.optional().forEach(f -> out.add(path(f)));
        return out;
    }
}
