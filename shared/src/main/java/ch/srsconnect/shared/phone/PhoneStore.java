package ch.srsconnect.shared.phone;

import ch.srsconnect.shared.store.TableDefinition;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Phone verification items in the identification table (decision 0005 item-type prefixes; in no index, TTL on
 * {@code expiresAt}). See docs/decisions/0030-phone-verification-and-msisdn-binding.md.
 *
 * <ul>
 *   <li>{@code phone#<id>}: one verification (owner, msisdn, state, attempts, validUntil, codeHash)</li>
 *   <li>{@code phone-rate#m#<msisdn>#<window>} / {@code phone-rate#c#<len>#<owner>#<window>}: send counters</li>
 *   <li>{@code phone-proof#<len>#<owner>#<msisdn>}: the caller proved this number at {@code provedAt}</li>
 * </ul>
 * Attempts are reserved with one conditional update, so concurrent checks can never exceed the limit.
 */
public final class PhoneStore {
    static final String VERIFICATION_PREFIX = "phone#";
    static final String RATE_PREFIX = "phone-rate#";
    static final String PROOF_PREFIX = "phone-proof#";
    static final String TYPE_VERIFICATION = "phone-verification";
    static final String TYPE_RATE = "phone-rate";
    static final String TYPE_PROOF = "phone-proof";

    static final String OWNER = "pvOwner";
    static final String MSISDN = "pvMsisdn";
    static final String STATE = "pvState";
    static final String ATTEMPTS = "attempts";
    static final String MAX_ATTEMPTS = "maxAttempts";
    static final String VALID_UNTIL = "validUntil";
    static final String CREATED_AT = "pvCreatedAt";
    static final String CODE_HASH = "codeHash";
    static final String COUNT = "sendCount";
    static final String PROVED_AT = "provedAt";
    /** Verification items outlive their validity by this much, so late checks still get "expired" rather than 404. */
    static final Duration KEEP_AFTER_EXPIRY = Duration.ofDays(1);

    private final DynamoDbClient dynamo;
    private final String table;

    public PhoneStore(DynamoDbClient dynamo, String table) {
        this.dynamo = Objects.requireNonNull(dynamo);
        this.table = Objects.requireNonNull(table);
    }

    static String ownerKey(String owner) {
        return owner.length() + "#" + owner;
    }

    // ------------------------------------------------------------ rate limits

    /**
     * Counts one send against the per-caller and the per-number limits of the current fixed window.
     *
     * @return empty if allowed, else when the window ends (the caller's Retry-After)
     */
    public Optional<Instant> countSend(String owner, String msisdn, Instant now, PhoneSettings s) {
        long window = s.rateWindow().toMillis();
        long start = now.toEpochMilli() / window * window;
        Instant end = Instant.ofEpochMilli(start + window);
        if (!increment(RATE_PREFIX + "c#" + ownerKey(owner) + "#" + start, s.maxSendsPerCaller(), end)) {
            return Optional.of(end);
        }
        if (!increment(RATE_PREFIX + "m#" + msisdn + "#" + start, s.maxSendsPerMsisdn(), end)) {
            return Optional.of(end);
        }
        return Optional.empty();
    }

    private boolean increment(String id, int max, Instant windowEnd) {
        try {
            dynamo.updateItem(b -> b.tableName(table)
                    .key(Map.of(TableDefinition.PK, s(id)))
                    .updateExpression("ADD #count :one SET #type = :type, #ttl = :ttl")
                    .conditionExpression("attribute_not_exists(#count) OR #count < :max")
                    .expressionAttributeNames(Map.of("#count", COUNT, "#type", TableDefinition.ITEM_TYPE, "#ttl", TableDefinition.TTL))
                    .expressionAttributeValues(Map.of(":one", n(1), ":max", n(max), ":type", s(TYPE_RATE),
                            ":ttl", n(windowEnd.plus(Duration.ofMinutes(5)).getEpochSecond()))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    // ------------------------------------------------------------ verifications

    public void create(PhoneVerification v) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(TableDefinition.PK, s(VERIFICATION_PREFIX + v.id()));
        item.put(TableDefinition.ITEM_TYPE, s(TYPE_VERIFICATION));
        item.put(OWNER, s(v.owner()));
        item.put(MSISDN, s(v.msisdn()));
        item.put(STATE, s(v.state().name()));
        item.put(ATTEMPTS, n(v.attempts()));
        item.put(MAX_ATTEMPTS, n(v.maxAttempts()));
        item.put(CREATED_AT, n(v.createdAt().toEpochMilli()));
        item.put(VALID_UNTIL, n(v.validUntil().toEpochMilli()));
        item.put(TableDefinition.TTL, n(v.validUntil().plus(KEEP_AFTER_EXPIRY).getEpochSecond()));
        dynamo.putItem(b -> b.tableName(table).item(item)
                .conditionExpression("attribute_not_exists(#id)")
                .expressionAttributeNames(Map.of("#id", TableDefinition.PK)));
    }

    public Optional<PhoneVerification> get(String id) {
        GetItemResponse r = dynamo.getItem(b -> b.tableName(table).key(Map.of(TableDefinition.PK, s(VERIFICATION_PREFIX + id)))
                .consistentRead(true));
        if (!r.hasItem() || r.item().isEmpty() || !TYPE_VERIFICATION.equals(str(r.item(), TableDefinition.ITEM_TYPE))) {
            return Optional.empty();
        }
        return Optional.of(fromItem(id, r.item()));
    }

    /**
     * Reserves one check: {@code attempts + 1} if the verification is pending, not expired and has attempts left.
     *
     * @return the verification after the reservation, or empty if no attempt could be reserved
     */
    public Optional<PhoneVerification> reserveAttempt(String id, Instant now) {
        try {
            UpdateItemResponse r = dynamo.updateItem(b -> b.tableName(table)
                    .key(Map.of(TableDefinition.PK, s(VERIFICATION_PREFIX + id)))
                    .updateExpression("SET #attempts = #attempts + :one")
                    .conditionExpression("#type = :type AND #state = :pending AND #attempts < #max AND #validUntil > :now")
                    .expressionAttributeNames(Map.of("#attempts", ATTEMPTS, "#type", TableDefinition.ITEM_TYPE, "#state", STATE,
                            "#max", MAX_ATTEMPTS, "#validUntil", VALID_UNTIL))
                    .expressionAttributeValues(Map.of(":one", n(1), ":type", s(TYPE_VERIFICATION),
                            ":pending", s(PhoneVerification.State.PENDING.name()), ":now", n(now.toEpochMilli())))
                    .returnValues(ReturnValue.ALL_NEW));
            return Optional.of(fromItem(id, r.attributes()));
        } catch (ConditionalCheckFailedException e) {
            return Optional.empty();
        }
    }

    /** Gives back a reserved attempt whose check never reached a verdict (Smart Flows unavailable). */
    public void releaseAttempt(String id) {
        try {
            dynamo.updateItem(b -> b.tableName(table)
                    .key(Map.of(TableDefinition.PK, s(VERIFICATION_PREFIX + id)))
                    .updateExpression("SET #attempts = #attempts - :one")
                    .conditionExpression("#state = :pending AND #attempts > :zero")
                    .expressionAttributeNames(Map.of("#attempts", ATTEMPTS, "#state", STATE))
                    .expressionAttributeValues(Map.of(":one", n(1), ":zero", n(0),
                            ":pending", s(PhoneVerification.State.PENDING.name()))));
        } catch (ConditionalCheckFailedException e) {
            // already decided meanwhile: nothing to give back
        }
    }

    public void markVerified(String id, String codeHash) {
        dynamo.updateItem(b -> b.tableName(table)
                .key(Map.of(TableDefinition.PK, s(VERIFICATION_PREFIX + id)))
                .updateExpression("SET #state = :verified, #hash = :hash")
                .conditionExpression("attribute_exists(#id)")
                .expressionAttributeNames(Map.of("#state", STATE, "#hash", CODE_HASH, "#id", TableDefinition.PK))
                .expressionAttributeValues(Map.of(":verified", s(PhoneVerification.State.VERIFIED.name()), ":hash", s(codeHash))));
    }

    /** PENDING → EXHAUSTED once the last attempt was wrong. */
    public void markExhausted(String id) {
        try {
            dynamo.updateItem(b -> b.tableName(table)
                    .key(Map.of(TableDefinition.PK, s(VERIFICATION_PREFIX + id)))
                    .updateExpression("SET #state = :exhausted")
                    .conditionExpression("#state = :pending AND #attempts >= #max")
                    .expressionAttributeNames(Map.of("#state", STATE, "#attempts", ATTEMPTS, "#max", MAX_ATTEMPTS))
                    .expressionAttributeValues(Map.of(":exhausted", s(PhoneVerification.State.EXHAUSTED.name()),
                            ":pending", s(PhoneVerification.State.PENDING.name()))));
        } catch (ConditionalCheckFailedException e) {
            // verified or released meanwhile
        }
    }

    private static PhoneVerification fromItem(String id, Map<String, AttributeValue> m) {
        return new PhoneVerification(id, str(m, OWNER), str(m, MSISDN), PhoneVerification.State.valueOf(str(m, STATE)),
                num(m, ATTEMPTS), num(m, MAX_ATTEMPTS), Instant.ofEpochMilli(lng(m, CREATED_AT)),
                Instant.ofEpochMilli(lng(m, VALID_UNTIL)), str(m, CODE_HASH));
    }

    // ------------------------------------------------------------ proofs

    public void putProof(String owner, String msisdn, Instant provedAt, Duration validity) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(TableDefinition.PK, s(proofId(owner, msisdn)));
        item.put(TableDefinition.ITEM_TYPE, s(TYPE_PROOF));
        item.put(PROVED_AT, n(provedAt.toEpochMilli()));
        item.put(TableDefinition.TTL, n(provedAt.plus(validity).getEpochSecond() + 1));
        dynamo.putItem(b -> b.tableName(table).item(item));
    }

    /** When {@code owner} last proved {@code msisdn} by OTP, if it did (the caller decides whether that is recent). */
    public Optional<Instant> provedAt(String owner, String msisdn) {
        GetItemResponse r = dynamo.getItem(b -> b.tableName(table).key(Map.of(TableDefinition.PK, s(proofId(owner, msisdn))))
                .consistentRead(true));
        if (!r.hasItem() || r.item().isEmpty() || !TYPE_PROOF.equals(str(r.item(), TableDefinition.ITEM_TYPE))) {
            return Optional.empty();
        }
        return Optional.of(Instant.ofEpochMilli(lng(r.item(), PROVED_AT)));
    }

    static String proofId(String owner, String msisdn) {
        return PROOF_PREFIX + ownerKey(owner) + "#" + msisdn;
    }

    // ------------------------------------------------------------ attribute helpers

    static AttributeValue s(String v) {
        return AttributeValue.fromS(v);
    }

    static AttributeValue n(long v) {
        return AttributeValue.fromN(Long.toString(v));
    }

    static String str(Map<String, AttributeValue> m, String k) {
        AttributeValue v = m.get(k);
        return v == null ? null : v.s();
    }

    static long lng(Map<String, AttributeValue> m, String k) {
        AttributeValue v = m.get(k);
        return v == null || v.n() == null ? 0 : Long.parseLong(v.n());
    }

    static int num(Map<String, AttributeValue> m, String k) {
        return (int) lng(m, k);
    }
}
