package ch.srsconnect.shared.order;

import ch.srsconnect.shared.api.FieldError;
import ch.srsconnect.shared.catalogue.Catalogue;
import ch.srsconnect.shared.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class OrderValidatorTest {
    /** 2026-11-22: the dob checks depend on "today". */
    private final OrderValidator validator = new OrderValidator(Clock.fixed(Instant.parse("2026-11-22T12:00:00Z"), ZoneOffset.UTC));

    private static ObjectNode bank() {
        ObjectNode o = Json.object().put("issuer", "klarna").put("method", "Bank").put("msisdn", "+41 79 123 45 67")
                .put("language", "DE").put("externalId", "c-1").put("silentSms", true);
        o.putObject("person").put("firstName", "  Anna-Lena ").put("lastName", "Müller Lüdenscheidt").put("dob", "1980-02-29")
                .put("country", "de").put("email", "anna@example.com");
        return o;
    }

    private List<String> fields(JsonNode body) {
        OrderValidator.Result r = validator.validate(body);
        assertInstanceOf(OrderValidator.Invalid.class, r, body.toString());
        return ((OrderValidator.Invalid) r).errors().stream().map(FieldError::field).toList();
    }

    @Test
    void aValidOrderIsNormalisedAndMappedToSrsNames() {
        OrderValidator.Result r = validator.validate(bank());
        OrderRequest req = assertInstanceOf(OrderValidator.Valid.class, r).request();
        assertSame(Catalogue.BANK_DE, req.method(), "issuer and method matched case-insensitively");
        assertEquals("+41791234567", req.msisdn());
        assertEquals("de", req.language());
        assertEquals("DE", req.person().country());
        assertEquals(LocalDate.of(1980, 2, 29), req.person().dob());
        ObjectNode srs = req.toSrsBody();
        assertEquals("Anna-Lena", srs.get("firstName").asText());
        assertEquals("+41791234567", srs.get("mobile").asText());
        assertEquals("1980-02-29", srs.get("dob").asText());
        assertTrue(srs.get("disabledSmsAlerts").asBoolean());
        assertFalse(srs.has("msisdn") || srs.has("person") || srs.has("silentSms"));
        assertFalse(req.toString().contains("Anna") || req.toString().contains("1980") || req.toString().contains("45 67")
                || req.toString().contains("1234567"), req.toString());
    }

    @Test
    void selfieIdentTakesAnEmptyPayload() {
        OrderRequest req = assertInstanceOf(OrderValidator.Valid.class,
                validator.validate(Json.object().put("issuer", "nect").put("method", "robo-ident"))).request();
        assertEquals(0, req.toSrsBody().size());
    }

    @Test
    void dobMustBeARealPastDate() {
        for (String bad : List.of("1981-02-29", "2026-11-22", "2026-11-23", "1899-12-31", "80-01-01", "1980-1-1")) {
            ObjectNode o = bank();
            ((ObjectNode) o.get("person")).put("dob", bad);
            assertEquals(List.of("person.dob"), fields(o), bad);
        }
        ObjectNode yesterday = bank();
        ((ObjectNode) yesterday.get("person")).put("dob", "2026-11-21");
        assertInstanceOf(OrderValidator.Valid.class, validator.validate(yesterday));
    }

    @Test
    void titlesAreRefusedAsWholeWordsOnly() {
        for (String ok : List.of("Drago", "Proust", "Ingrid", "Frauke", "Herrmann", "Mrsic")) {
            ObjectNode o = bank();
            ((ObjectNode) o.get("person")).put("firstName", ok);
            assertInstanceOf(OrderValidator.Valid.class, validator.validate(o), ok);
        }
        for (String bad : List.of("Dr Anna", "anna prof", "Herr Anna", "Anna-Dr")) {
            ObjectNode o = bank();
            ((ObjectNode) o.get("person")).put("firstName", bad);
            assertEquals(List.of("person.firstName"), fields(o), bad);
        }
    }

    @Test
    void apostrophesAreFineExceptWhereTheGuideForbidsPunctuation() {
        ObjectNode bank = bank();
        ((ObjectNode) bank.get("person")).put("lastName", "O'Brien");
        assertInstanceOf(OrderValidator.Valid.class, validator.validate(bank));
        ObjectNode videoEu = Json.object().put("issuer", "IDENTITY.TM").put("method", "video");
        videoEu.putObject("person").put("lastName", "O'Brien");
        assertEquals(List.of("person.lastName"), fields(videoEu));
    }

    @Test
    void onlyCurrentMethodsMayBeOrderedAndTheErrorListsThem() {
        List<String> f = fields(Json.object().put("issuer", "AUTHADA").put("method", "eID"));
        assertEquals(List.of("method"), f);
        OrderValidator.Invalid inv = (OrderValidator.Invalid) validator.validate(Json.object().put("issuer", "x").put("method", "y"));
        assertTrue(inv.errors().get(0).message().contains("intrum-autoident/autoident"), inv.toString());
        assertEquals(7, OrderValidator.orderableMethods().size());
    }

    @Test
    void notAnObjectIsA400() {
        OrderValidator.Invalid inv = assertInstanceOf(OrderValidator.Invalid.class, validator.validate(Json.MAPPER.createArrayNode()));
        assertEquals(400, inv.status());
        assertEquals("body", inv.errors().get(0).field());
    }

    @Test
    void requestHashIgnoresKeyOrderButNotValues() throws Exception {
        String a = IdentificationService.requestHash(Json.parse("{\"a\":1,\"b\":{\"x\":\"1\",\"y\":2}}"));
        String b = IdentificationService.requestHash(Json.parse("{ \"b\" : {\"y\":2,\"x\":\"1\"}, \"a\" : 1 }"));
        String c = IdentificationService.requestHash(Json.parse("{\"a\":1,\"b\":{\"x\":\"2\",\"y\":2}}"));
        assertEquals(a, b);
        assertNotEquals(a, c);
        assertEquals(64, a.length());
    }
}
