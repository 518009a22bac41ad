package ch.srsconnect.shared.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.srsconnect.shared.identification.Identification;
import ch.srsconnect.shared.identification.IdentificationStatus;
import ch.srsconnect.shared.identification.Phase;
import ch.srsconnect.shared.identification.StatusEntry;
import ch.srsconnect.shared.identification.StatusHistory;
import ch.srsconnect.shared.polling.PollEngine;
import ch.srsconnect.shared.polling.PollSettings;
import ch.srsconnect.shared.polling.SrsSnapshot;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * No answer of SRS can make an identification unstorable (issue 9 item 4): SRS status answers of extreme sizes and
 * shapes, parsed as the worker parses them and merged by the poll engine, are written to DynamoDB Local (which
 * enforces the 400 KB item limit, as DynamoDB does) poll after poll, and every identification reaches an end state.
 */
class SrsAnswerSizesStorageTest {

    static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
    static final int DYNAMODB_ITEM_LIMIT = 400 * 1024;
    static final ObjectMapper JSON = new ObjectMapper();
    static final List<String> STATUSES = List.of("created", "initialized", "identification_done", "data_ready", "PENDING_REVIEW");

    final PollEngine engine = new PollEngine(PollSettings.defaults());

    @Test
    void oneHugeReasonIsCutAndStored() {
        ObjectNode answer = answer(List.of(status("created", 0, null), status("initialized", 1, null),
                status("identification_done", 2, "x".repeat(420 * 1024))));
        IdentificationStore store = new IdentificationStore(LocalDynamo.client(), LocalDynamo.newTable(),
                Clock.fixed(T0, ZoneOffset.UTC));
        Identification i = store.create(tracked("huge-reason"));
        Identification next = engine.onStatus(i, SrsSnapshot.fromJson(answer), T0.plusSeconds(60)).next();
        Identification stored = store.update(i, next);
        assertEquals("identification_done", stored.status().value());
        assertEquals(1000, stored.reason().length());
        assertTrue(stored.reason().endsWith("…"));
    }

    @Test
    void srsAnswersOfExtremeSizesAndShapesStayStorableAndEveryIdentificationEnds() {
        Random random = new Random(20261202);
        IdentificationStore store = new IdentificationStore(LocalDynamo.client(), LocalDynamo.newTable(),
                Clock.fixed(T0, ZoneOffset.UTC));
        int largest = 0;
        for (int c = 0; c < 40; c++) {
            Identification cur = store.create(tracked("case-" + c));
            Instant now = T0;
            for (int poll = 0; poll < 6 && cur.phase() == Phase.STATUS; poll++) {
                now = now.plusSeconds(120);
                ObjectNode answer = randomAnswer(random, poll);
                Identification next = engine.onStatus(cur, SrsSnapshot.fromJson(answer), now).next();
                largest = Math.max(largest, itemBytes(IdentificationItems.toItem(next)));
                cur = store.update(cur, next);   // DynamoDB Local refuses items over 400 KB
            }
            // the last answer ends it: terminated, then the lookup (or the lookup deadline) ends tracking
            ObjectNode last = randomAnswer(random, 6);
            ((ArrayNode) last.get("statuses")).add(status("terminated", 9_999, "y".repeat(random.nextInt(200_000))));
            if (cur.phase() == Phase.STATUS) {
                cur = store.update(cur, engine.onStatus(cur, SrsSnapshot.fromJson(last), now.plusSeconds(60)).next());
            }
            if (cur.phase() == Phase.LOOKUP) {
                cur = store.update(cur, engine.onLookup(cur, Optional.empty(), now.plus(Duration.ofDays(400))).next());
            }
            assertEquals(Phase.DONE, cur.phase(), "case " + c + " ended: " + cur);
            assertTrue(cur.statusHistory().size() <= 50, "history bounded: " + cur.statusHistory().size());
        }
        System.out.printf("[sizes] largest identification item written: %d bytes (DynamoDB limit %d)%n", largest, DYNAMODB_ITEM_LIMIT);
        assertTrue(largest < DYNAMODB_ITEM_LIMIT / 4, "well inside the limit: " + largest);
    }

    /** Up to 5000 entries, texts from empty to 300 K characters, unknown statuses, odd dates and odd mobiles. */
    static ObjectNode randomAnswer(Random r, int poll) {
        int entries = switch (r.nextInt(4)) {
            case 0 -> 2;
            case 1 -> 2 + r.nextInt(10);
            case 2 -> 2 + r.nextInt(500);
            default -> 2 + r.nextInt(5000);
        };
        ArrayNode statuses = JSON.createArrayNode();
        statuses.add(status("created", 0, null));
        statuses.add(status("initialized", 1, null));
        for (int e = 2; e < entries; e++) {
            String name = r.nextInt(5) == 0 ? "UNKNOWN_" + "Z".repeat(r.nextInt(50_000)) : STATUSES.get(r.nextInt(STATUSES.size()));
            ObjectNode s = status(name, poll * 10_000L + e, r.nextInt(3) == 0 ? text(r) : null);
            if (r.nextBoolean()) s.put("kind", text(r));
            if (r.nextInt(10) == 0) s.put("date", "not a date " + text(r));
            statuses.add(s);
        }
        ObjectNode answer = JSON.createObjectNode();
        answer.set("statuses", statuses);
        answer.put("mobile", r.nextBoolean() ? "+4179" + r.nextInt(10_000_000) : text(r));
        answer.put("evidenceId", text(r));
        return answer;
    }

    static String text(Random r) {
        int len = switch (r.nextInt(4)) {
            case 0 -> 0;
            case 1 -> r.nextInt(100);
            case 2 -> r.nextInt(5_000);
            default -> r.nextInt(300_000);
        };
        return "é".repeat(len);
    }

    static ObjectNode answer(List<ObjectNode> statuses) {
        ObjectNode answer = JSON.createObjectNode();
        answer.putArray("statuses").addAll(statuses);
        return answer;
    }

    static ObjectNode status(String name, long second, String reason) {
        ObjectNode s = JSON.createObjectNode();
        s.put("status", name);
        s.put("date", T0.plusSeconds(second).toString());
        s.put("reason", reason);
        return s;
    }

    static Identification tracked(String id) {
        return Identification.builder().id(id).owner("sp").refId("ref-" + id).orderId("ord-" + id)
                .targetUrl("https://ipsp.example/t/" + id).issuer("intrum-video").method("video").msisdn("+41791234567")
                .status(IdentificationStatus.INITIALIZED)
                .statusHistory(List.of(StatusEntry.fromWire("created", T0.toString(), null, null),
                        StatusEntry.fromWire("initialized", T0.plusSeconds(1).toString(), null, null)))
                .phase(Phase.STATUS).nextPollAt(T0.plusSeconds(60)).pollShard(0)
                .createdAt(T0).updatedAt(T0).expiresAt(T0.plus(Duration.ofDays(120))).build();
    }

    /** DynamoDB's item size: attribute names plus values (strings as UTF-8, numbers ~digits, lists/maps with overhead). */
    static int itemBytes(Map<String, AttributeValue> item) {
        int size = 0;
        for (var e : item.entrySet()) size += e.getKey().getBytes(StandardCharsets.UTF_8).length + valueBytes(e.getValue());
        return size;
    }

    static int valueBytes(AttributeValue v) {
        if (v.s() != null) return v.s().getBytes(StandardCharsets.UTF_8).length;
        if (v.n() != null) return v.n().length() / 2 + 2;
        if (v.bool() != null || Boolean.TRUE.equals(v.nul())) return 1;
        if (v.hasL()) return 3 + v.l().stream().mapToInt(x -> 1 + valueBytes(x)).sum();
        if (v.hasM()) return 3 + itemBytes(v.m()) + v.m().size();
        return 0;
    }
}
