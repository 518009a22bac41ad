package ch.srsconnect.tests.orders;

import ch.srsconnect.shared.catalogue.Catalogue;
import ch.srsconnect.shared.catalogue.CatalogueEntry;
import ch.srsconnect.shared.catalogue.InitialDataField;
import ch.srsconnect.shared.json.Json;
import ch.srsconnect.shared.order.OrderValidator;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The validation matrix: per method each mandatory field missing, bad formats, titles and punctuation in names,
 * oversize values, wrong types, unknown fields and methods, non-JSON bodies and wrong content types. Every case must
 * answer 4xx as problem+json naming the field, store nothing and send no order to SRS.
 */
class OrderValidationMatrixTest {

    private final Orders orders = new Orders("orders-matrix");

    record Case(String name, String contentType, String body, int status, String field) {
    }

    private static ObjectNode copy(ObjectNode o) {
        return o.deepCopy();
    }

    static List<Case> cases(String msisdn) {
        List<Case> cases = new ArrayList<>();
        Map<String, ObjectNode> valid = Orders.validOrders(msisdn);
        String json = "application/json";

        // Each mandatory field missing, per method.
        for (CatalogueEntry e : Catalogue.current()) {
            ObjectNode base = valid.get(e.issuer() + "/" + e.method());
            for (InitialDataField f : e.mandatory()) {
                ObjectNode o = copy(base);
                String path = OrderValidator.path(f);
                if (path.startsWith("person.")) {
                    ((ObjectNode) o.get("person")).remove(path.substring(7));
                } else {
                    o.remove(path);
                }
                cases.add(new Case(e.key() + " without " + path, json, o.toString(), 422, path));
            }
        }
        ObjectNode t = valid.get("test/video");
        ObjectNode bank = valid.get("KLARNA/bank");
        ObjectNode videoEu = valid.get("IDENTITY.TM/video");
        ObjectNode intrum = valid.get("intrum-video/video");

        // Formats.
        for (String bad : List.of("0791234567", "41791234567", "+41 79 abc", "+0791234567", "+4179123456789012")) {
            cases.add(new Case("msisdn " + bad, json, copy(t).put("msisdn", bad).toString(), 422, "msisdn"));
        }
        for (String bad : List.of("XX", "CHE", "Schweiz", "1")) {
            ObjectNode o = copy(bank);
            ((ObjectNode) o.get("person")).put("country", bad);
            cases.add(new Case("country " + bad, json, o.toString(), 422, "person.country"));
            ObjectNode n = copy(t);
            ((ObjectNode) n.get("person")).put("nationality", bad);
            cases.add(new Case("nationality " + bad, json, n.toString(), 422, "person.nationality"));
        }
        cases.add(new Case("language xx", json, copy(t).put("language", "xx").toString(), 422, "language"));
        cases.add(new Case("language deu", json, copy(t).put("language", "deu").toString(), 422, "language"));
        cases.add(new Case("language it for Video EU", json, copy(videoEu).put("language", "it").toString(), 422, "language"));
        cases.add(new Case("language fr for Klarna", json, copy(bank).put("language", "fr").toString(), 422, "language"));
        cases.add(new Case("language hr for Intrum", json, copy(intrum).put("language", "hr").toString(), 422, "language"));
        for (String bad : List.of("1980-02-30", "31.12.1980", "1980-13-01", "2999-01-01", "1850-01-01", "19801231", "today")) {
            ObjectNode o = copy(bank);
            ((ObjectNode) o.get("person")).put("dob", bad);
            cases.add(new Case("dob " + bad, json, o.toString(), 422, "person.dob"));
        }
        ObjectNode todayDob = copy(bank);
        ((ObjectNode) todayDob.get("person")).put("dob", java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString());
        cases.add(new Case("dob today", json, todayDob.toString(), 422, "person.dob"));
        for (String bad : List.of("not-an-email", "a@b", "max@@example.com", "max muster@example.com")) {
            ObjectNode o = copy(bank);
            ((ObjectNode) o.get("person")).put("email", bad);
            cases.add(new Case("email " + bad, json, o.toString(), 422, "person.email"));
        }

        // Titles and punctuation in names.
        for (String bad : List.of("Dr Max", "Prof. Max", "Herr Max", "Max Dr.", "Dipl.-Ing. Max", "Max2", "Max.", "Max, Peter",
                "Max (Peter)", "Max/Peter", "Max!", "Max_Peter", "Max@Peter")) {
            ObjectNode o = copy(videoEu);
            ((ObjectNode) o.get("person")).put("firstName", bad);
            cases.add(new Case("Video EU firstName '" + bad + "'", json, o.toString(), 422, "person.firstName"));
        }
        for (String bad : List.of("O'Brien", "Frau Muster", "Muster PhD")) {
            ObjectNode o = copy(videoEu);
            ((ObjectNode) o.get("person")).put("lastName", bad);
            cases.add(new Case("Video EU lastName '" + bad + "'", json, o.toString(), 422, "person.lastName"));
        }
        ObjectNode titleIntrum = copy(intrum);
        ((ObjectNode) titleIntrum.get("person")).put("lastName", "Mrs Muster");
        cases.add(new Case("Intrum lastName with title", json, titleIntrum.toString(), 422, "person.lastName"));

        // Oversize values.
        String longName = "M".repeat(OrderValidator.MAX_NAME_LENGTH + 1);
        ObjectNode longFirst = copy(bank);
        ((ObjectNode) longFirst.get("person")).put("firstName", longName);
        cases.add(new Case("firstName 101 chars", json, longFirst.toString(), 422, "person.firstName"));
        ObjectNode longLast = copy(bank);
        ((ObjectNode) longLast.get("person")).put("lastName", longName);
        cases.add(new Case("lastName 101 chars", json, longLast.toString(), 422, "person.lastName"));
        ObjectNode longPlace = copy(t);
        ((ObjectNode) longPlace.get("person")).put("placeOfBirth", "B".repeat(OrderValidator.MAX_PLACE_LENGTH + 1));
        cases.add(new Case("placeOfBirth 101 chars", json, longPlace.toString(), 422, "person.placeOfBirth"));
        ObjectNode longMail = copy(bank);
        ((ObjectNode) longMail.get("person")).put("email", "m".repeat(250) + "@example.com");
        cases.add(new Case("email 262 chars", json, longMail.toString(), 422, "person.email"));
        cases.add(new Case("externalId 101 chars", json,
                copy(t).put("externalId", "x".repeat(OrderValidator.MAX_EXTERNAL_ID_LENGTH + 1)).toString(), 422, "externalId"));
        cases.add(new Case("body over 16 KiB", json,
                copy(t).put("externalId", "x".repeat(OrderValidator.MAX_BODY_BYTES)).toString(), 413, "body"));

        // Types, blanks, unknown fields, fields the method does not take.
        cases.add(new Case("msisdn as number", json, copy(t).put("msisdn", 41791234567L).toString(), 422, "msisdn"));
        cases.add(new Case("silentSms as string", json, copy(t).put("silentSms", "yes").toString(), 422, "silentSms"));
        cases.add(new Case("person as string", json, copy(t).put("person", "Max").toString(), 422, "person"));
        ObjectNode blank = copy(bank);
        ((ObjectNode) blank.get("person")).put("firstName", "  ");
        cases.add(new Case("blank firstName", json, blank.toString(), 422, "person.firstName"));
        cases.add(new Case("unknown field", json, copy(t).put("mobile", msisdn).toString(), 422, "mobile"));
        ObjectNode unknownPerson = copy(t);
        ((ObjectNode) unknownPerson.get("person")).put("title", "Dr");
        cases.add(new Case("unknown person field", json, unknownPerson.toString(), 422, "person.title"));
        ObjectNode emailVideoEu = copy(videoEu);
        ((ObjectNode) emailVideoEu.get("person")).put("email", "max@example.com");
        cases.add(new Case("email not taken by Video EU", json, emailVideoEu.toString(), 422, "person.email"));

        // Unknown issuer / method.
        cases.add(new Case("unknown issuer", json, copy(t).put("issuer", "acme").toString(), 422, "issuer"));
        cases.add(new Case("unknown method", json, copy(t).put("method", "selfie").toString(), 422, "method"));
        cases.add(new Case("eID in the wrong case", json, copy(valid.get("identity-tm-eid/eID")).put("method", "eid").toString(), 422, "method"));
        cases.add(new Case("legacy method", json, Json.object().put("issuer", "KLARNA").put("method", "bankident").toString(), 422, "method"));
        cases.add(new Case("no issuer", json, Json.object().put("method", "video").toString(), 422, "issuer"));

        // Not JSON, not an object, wrong content type.
        cases.add(new Case("non-JSON body", json, "issuer=test&method=video", 400, "body"));
        cases.add(new Case("truncated JSON", json, "{\"issuer\":\"test\",", 400, "body"));
        cases.add(new Case("JSON array", json, "[]", 400, "body"));
        cases.add(new Case("JSON string", json, "\"test/video\"", 400, "body"));
        cases.add(new Case("empty body", json, "", 400, "body"));
        cases.add(new Case("text/plain", "text/plain", t.toString(), 415, "Content-Type"));
        cases.add(new Case("form content type", "application/x-www-form-urlencoded", t.toString(), 415, "Content-Type"));
        cases.add(new Case("no content type", "", t.toString(), 415, "Content-Type"));
        return cases;
    }

    @Test
    void everyCaseIsA4xxNamingTheFieldAndNothingIsStoredOrOrdered() {
        String owner = Orders.newOwner();
        List<Case> cases = cases(Orders.newMsisdn());
        long srsOrdersBefore = orders.srsOrders();
        Map<Integer, Integer> byStatus = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        for (Case c : cases) {
            Map<String, String> headers = new java.util.HashMap<>();
            headers.put("content-type", c.contentType());
            headers.put("idempotency-key", "matrix-" + cases.indexOf(c));
            Orders.Response r = orders.call(ch.srsconnect.tests.HttpApiEvents.request("POST /identifications", "/identifications",
                    Map.of(), headers, c.body(), owner));
            byStatus.merge(r.status(), 1, Integer::sum);
            if (r.status() != c.status() || !r.errorFields().contains(c.field())
                    || !"application/problem+json".equals(r.header("Content-Type"))) {
                failures.add(c.name() + " → " + r);
            }
        }
        int stored = orders.countOwned(owner);
        long ordered = orders.srsOrders() - srsOrdersBefore;
        System.out.println("[must-show] validation matrix: " + cases.size() + " cases, statuses " + byStatus
                + ", field named in all but " + failures.size() + ", items stored " + stored + ", SRS orders " + ordered);
        assertEquals(List.of(), failures);
        assertEquals(0, stored, "nothing stored");
        assertEquals(0, ordered, "nothing sent to SRS");
        assertTrue(cases.size() >= 80, "matrix size " + cases.size());
        // The idempotency keys of refused requests stay unused: the same key with a valid body is a fresh order.
        Orders.Response fresh = orders.post(owner, Orders.testVideo(Orders.newMsisdn()).toString(), Map.of("idempotency-key", "matrix-0"));
        assertEquals(201, fresh.status(), fresh.body());
    }

    @Test
    void allErrorsOfOneBodyAreReportedAtOnce() {
        ObjectNode o = Json.object().put("issuer", "KLARNA").put("method", "bank").put("msisdn", "079");
        o.putObject("person").put("firstName", "Dr Max").put("dob", "1980-02-30");
        Orders.Response r = orders.post(Orders.newOwner(), o.toString());
        assertEquals(422, r.status());
        assertEquals(List.of("msisdn", "person.firstName", "person.dob", "person.lastName", "person.country"), r.errorFields());
    }

    @Test
    void unknownMethodListsTheValidOnes() {
        Orders.Response r = orders.post(Orders.newOwner(), Json.object().put("issuer", "acme").put("method", "video").toString());
        assertEquals(422, r.status());
        String detail = r.json().path("errors").get(0).path("message").asText();
        for (CatalogueEntry e : Catalogue.current()) {
            assertTrue(detail.contains(e.issuer() + "/" + e.method()), detail);
        }
    }
}
