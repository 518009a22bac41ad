package ch.srsconnect.shared.order;

import ch.srsconnect.shared.catalogue.CatalogueEntry;
import ch.srsconnect.shared.json.Json;
import ch.srsconnect.shared.log.Msisdn;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.LocalDate;
import java.util.Objects;

/**
 * A validated {@code POST /identifications} body. Holds personal data only in memory, on its way to SRS:
 * {@link #toString()} shows none of it and nothing here is stored.
 *
 * @param method     the catalogue entry (issuer and method in the catalogue's spelling)
 * @param msisdn     E.164 with {@code +}, or null
 * @param person     names etc., every field may be null
 * @param language   ISO 639-1 lower case, or null
 * @param externalId the SP's free text, or null
 * @param silentSms  {@code disabledSmsAlerts} at SRS (no T&amp;C SMS; the SP runs T&amp;C via Smart Flows)
 */
public record OrderRequest(CatalogueEntry method, String msisdn, Person person, String language, String externalId,
                           boolean silentSms) {

    /** Personal data sent to SRS and never stored. */
    public record Person(String firstName, String lastName, LocalDate dob, String placeOfBirth, String nationality,
                         String country, String email) {
        public static final Person NONE = new Person(null, null, null, null, null, null, null);

        @Override
        public String toString() {
            return "Person[redacted]";
        }
    }

    public OrderRequest {
        Objects.requireNonNull(method, "method");
        person = person == null ? Person.NONE : person;
    }

    /** The SRS place-order body (srs-api.md §3): only the fields given, SRS's names. */
    public ObjectNode toSrsBody() {
        ObjectNode n = Json.object();
        put(n, "firstName", person.firstName());
        put(n, "lastName", person.lastName());
        put(n, "dob", person.dob() == null ? null : person.dob().toString());
        put(n, "mobile", msisdn);
        put(n, "placeOfBirth", person.placeOfBirth());
        put(n, "nationality", person.nationality());
        put(n, "country", person.country());
        put(n, "email", person.email());
        put(n, "language", language);
        put(n, "externalId", externalId);
        if (silentSms) {
            n.put("disabledSmsAlerts", true);
        }
        return n;
    }

    private static void put(ObjectNode n, String name, String value) {
        if (value != null) {
            n.put(name, value);
        }
    }

    @Override
    public String toString() {
        return "OrderRequest[" + method.key() + ", msisdn=" + Msisdn.mask(msisdn) + ", language=" + language
                + ", silentSms=" + silentSms + "]";
    }
}
