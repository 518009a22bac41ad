package ch.srsconnect.shared.store;

import static ch.srsconnect.shared.store.TableDefinition.CREATED_AT;
import static ch.srsconnect.shared.store.TableDefinition.ITEM_TYPE;
import static ch.srsconnect.shared.store.TableDefinition.NEXT_POLL_AT;
import static ch.srsconnect.shared.store.TableDefinition.OWNER;
import static ch.srsconnect.shared.store.TableDefinition.OWNER_MSISDN;
import static ch.srsconnect.shared.store.TableDefinition.PK;
import static ch.srsconnect.shared.store.TableDefinition.POLL_SHARD;
import static ch.srsconnect.shared.store.TableDefinition.TTL;

import ch.srsconnect.shared.identification.Identification;
import ch.srsconnect.shared.identification.IdentificationStatus;
import ch.srsconnect.shared.identification.Phase;
import ch.srsconnect.shared.identification.StatusEntry;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Identification ⇄ DynamoDB item. Times are epoch milliseconds ({@code N}), {@code expiresAt} epoch
 * seconds (TTL), history dates ISO-8601 strings; absent values are absent attributes.
 */
final class IdentificationItems {

    static final String TYPE = "identification";

    static final String REF_ID = "refId";
    static final String ORDER_ID = "orderId";
    static final String TARGET_URL = "targetUrl";
    static final String ISSUER = "issuer";
    static final String METHOD = "method";
    static final String MSISDN = "msisdn";
    static final String EXTERNAL_ID = "externalId";
    static final String STATUS = "status";
    static final String HISTORY = "statusHistory";
    static final String REASON = "reason";
    static final String PHASE = "phase";
    static final String ATTEMPTS = "attempts";
    static final String VERSION = "version";
    static final String UPDATED_AT = "updatedAt";
    static final String CAN_SIGN = "canSign";
    static final String EVIDENCE_EXPIRES_ON = "evidenceExpiresOn";
    static final String SILENT_SMS = "silentSms";
    static final String EVIDENCE_ID = "evidenceId";
    static final String REFUSALS = "refusals";
    static final String TRACKING_FAILED = "trackingFailed";
    static final String ORDERED_MSISDN = "orderedMsisdn";
    static final String SIGNING_STATUS = "signingStatus";

    private IdentificationItems() {
    }

    /** The {@code ownerMsisdn} index key. A msisdn never contains '#', so the last '#' separates the parts. */
    static String ownerMsisdn(String owner, String msisdn) {
        return owner + "#" + msisdn;
    }

    static void validateForStorage(Identification i) {
        if (i.id().startsWith(TableDefinition.IDEMPOTENCY_KEY_PREFIX)) {
            throw new IllegalArgumentException("identification ids must not start with " + TableDefinition.IDEMPOTENCY_KEY_PREFIX);
        }
        if (i.msisdn() != null && (i.msisdn().isBlank() || i.msisdn().indexOf('#') >= 0)) {
            throw new IllegalArgumentException("msisdn must be non-blank and must not contain '#'");
        }
    }

    static Map<String, AttributeValue> toItem(Identification i) {
        Map<String, AttributeValue> m = new HashMap<>();
        m.put(PK, s(i.id()));
        m.put(ITEM_TYPE, s(TYPE));
        m.put(OWNER, s(i.owner()));
        putS(m, REF_ID, i.refId());
        putS(m, ORDER_ID, i.orderId());
        putS(m, TARGET_URL, i.targetUrl());
        putS(m, ISSUER, i.issuer());
        putS(m, METHOD, i.method());
        putS(m, MSISDN, i.msisdn());
        if (i.msisdn() != null) {
            m.put(OWNER_MSISDN, s(ownerMsisdn(i.owner(), i.msisdn())));
        }
        putS(m, EXTERNAL_ID, i.externalId());
        m.put(STATUS, s(i.status().value()));
        List<AttributeValue> history = new ArrayList<>(i.statusHistory().size());
        for (StatusEntry e : i.statusHistory()) {
            Map<String, AttributeValue> h = new HashMap<>();
            h.put("status", s(e.status().value()));
            if (e.date() != null) {
                h.put("date", s(e.date().toString()));
            }
            putS(h, "reason", e.reason());
            putS(h, "kind", e.kind());
            history.add(AttributeValue.fromM(h));
        }
        m.put(HISTORY, AttributeValue.fromL(history));
        putS(m, REASON, i.reason());
        m.put(PHASE, s(i.phase().name()));
        if (i.nextPollAt() != null) {
            m.put(NEXT_POLL_AT, n(i.nextPollAt().toEpochMilli()));
        }
        m.put(POLL_SHARD, n(i.pollShard()));
        m.put(ATTEMPTS, n(i.attempts()));
        m.put(VERSION, n(i.version()));
        m.put(CREATED_AT, n(i.createdAt().toEpochMilli()));
        m.put(UPDATED_AT, n(i.updatedAt().toEpochMilli()));
        m.put(TTL, n(i.expiresAt().getEpochSecond()));
        if (i.canSign() != null) {
            m.put(CAN_SIGN, AttributeValue.fromBool(i.canSign()));
        }
        if (i.evidenceExpiresOn() != null) {
            m.put(EVIDENCE_EXPIRES_ON, s(i.evidenceExpiresOn().toString()));
        }
        if (i.silentSms() != null) {
            m.put(SILENT_SMS, AttributeValue.fromBool(i.silentSms()));
        }
        putS(m, EVIDENCE_ID, i.evidenceId());
        if (i.refusals() > 0) {
            m.put(REFUSALS, n(i.refusals()));
        }
        if (i.trackingFailed()) {
            m.put(TRACKING_FAILED, AttributeValue.fromBool(true));
        }
        putS(m, ORDERED_MSISDN, i.orderedMsisdn());
        putS(m, SIGNING_STATUS, i.signingStatus());
        return m;
    }

    static boolean isIdentification(Map<String, AttributeValue> item) {
        AttributeValue t = item.get(ITEM_TYPE);
        return t != null && TYPE.equals(t.s());
    }

    static Identification fromItem(Map<String, AttributeValue> m) {
        List<StatusEntry> history = new ArrayList<>();
        AttributeValue h = m.get(HISTORY);
        if (h != null && h.hasL()) {
            for (AttributeValue v : h.l()) {
                Map<String, AttributeValue> e = v.m();
                String date = str(e, "date");
                history.add(new StatusEntry(IdentificationStatus.parse(str(e, "status")),
                        date == null ? null : Instant.parse(date), str(e, "reason"), str(e, "kind")));
            }
        }
        AttributeValue canSign = m.get(CAN_SIGN);
        String evidenceExpiresOn = str(m, EVIDENCE_EXPIRES_ON);
        return Identification.builder()
                .id(str(m, PK))
                .owner(str(m, OWNER))
                .refId(str(m, REF_ID))
                .orderId(str(m, ORDER_ID))
                .targetUrl(str(m, TARGET_URL))
                .issuer(str(m, ISSUER))
                .method(str(m, METHOD))
                .msisdn(str(m, MSISDN))
                .externalId(str(m, EXTERNAL_ID))
                .status(IdentificationStatus.parse(str(m, STATUS)))
                .statusHistory(history)
                .reason(str(m, REASON))
                .phase(Phase.valueOf(str(m, PHASE)))
                .nextPollAt(m.containsKey(NEXT_POLL_AT) ? Instant.ofEpochMilli(num(m, NEXT_POLL_AT)) : null)
                .pollShard((int) num(m, POLL_SHARD))
                .attempts((int) num(m, ATTEMPTS))
                .version(num(m, VERSION))
                .createdAt(Instant.ofEpochMilli(num(m, CREATED_AT)))
                .updatedAt(Instant.ofEpochMilli(num(m, UPDATED_AT)))
                .expiresAt(Instant.ofEpochSecond(num(m, TTL)))
                .canSign(canSign == null ? null : canSign.bool())
                .evidenceExpiresOn(evidenceExpiresOn == null ? null : LocalDate.parse(evidenceExpiresOn))
                .silentSms(m.containsKey(SILENT_SMS) ? m.get(SILENT_SMS).bool() : null)
                .evidenceId(str(m, EVIDENCE_ID))
                .refusals(m.containsKey(REFUSALS) ? (int) num(m, REFUSALS) : 0)
                .trackingFailed(m.containsKey(TRACKING_FAILED) && Boolean.TRUE.equals(m.get(TRACKING_FAILED).bool()))
                .orderedMsisdn(str(m, ORDERED_MSISDN))
                .signingStatus(str(m, SIGNING_STATUS))
                .build();
    }

    static AttributeValue s(String v) {
        return AttributeValue.fromS(v);
    }

    static AttributeValue n(long v) {
        return AttributeValue.fromN(Long.toString(v));
    }

    static void putS(Map<String, AttributeValue> m, String name, String v) {
        if (v != null) {
            m.put(name, s(v));
        }
    }

    static String str(Map<String, AttributeValue> m, String name) {
        AttributeValue v = m.get(name);
        return v == null ? null : v.s();
    }

    static long num(Map<String, AttributeValue> m, String name) {
        AttributeValue v = m.get(name);
        return v == null || v.n() == null ? 0 : Long.parseLong(v.n());
    }
}
