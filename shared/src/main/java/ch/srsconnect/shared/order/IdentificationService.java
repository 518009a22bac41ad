package ch.srsconnect.shared.order;

import ch.srsconnect.shared.Randomness;
import ch.srsconnect.shared.polling.PollSettings;

import ch.srsconnect.shared.api.FieldError;
import ch.srsconnect.shared.catalogue.CatalogueEntry;
import ch.srsconnect.shared.catalogue.ListedMethods;
import ch.srsconnect.shared.http.SwisscomProtocolException;
import ch.srsconnect.shared.http.SwisscomRejectedException;
import ch.srsconnect.shared.http.SwisscomUnavailableException;
import ch.srsconnect.shared.identification.Identification;
import ch.srsconnect.shared.identification.IdentificationStatus;
import ch.srsconnect.shared.identification.KnownStatus;
import ch.srsconnect.shared.identification.Phase;
import ch.srsconnect.shared.identification.StatusEntry;
import ch.srsconnect.shared.identification.StatusHistory;
import ch.srsconnect.shared.json.Json;
import ch.srsconnect.shared.log.Log;
import ch.srsconnect.shared.log.Msisdn;
import ch.srsconnect.shared.srs.SrsClient;
import ch.srsconnect.shared.store.ConcurrentUpdateException;
import ch.srsconnect.shared.store.IdempotencyBegin;
import ch.srsconnect.shared.store.IdempotencyLeaseLostException;
import ch.srsconnect.shared.store.IdempotencyStore;
import ch.srsconnect.shared.store.IdentificationStore;
import ch.srsconnect.shared.store.InvalidCursorException;
import ch.srsconnect.shared.store.ListQuery;
import ch.srsconnect.shared.store.Page;
import ch.srsconnect.shared.terms.SilentSms;
import ch.srsconnect.shared.token.CredentialsUnavailableException;
import ch.srsconnect.shared.token.SecretStoreException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The identification use cases behind {@code POST/GET/DELETE /identifications}: validate, idempotency, cancel
 * the caller's earlier pending orders, place the order at SRS with a write-ahead record (no orphans, decision
 * 0010), read, list and cancel — always scoped to the caller (another caller's id is simply not found).
 */
public final class IdentificationService {
    private static final Log LOG = Log.get(IdentificationService.class);
    static final long SECRET_STORE_RETRY_AFTER_SECONDS = 5;
    /** An identification id as we issue them (UUID, lower case); anything else is not found. */
    static final Pattern ID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final Pattern IDEMPOTENCY_KEY = Pattern.compile("[\\x21-\\x7e]{1,255}");
    private static final ObjectMapper CANONICAL = new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    private final SrsClient srs;
    private final IdentificationStore store;
    private final IdempotencyStore idempotency;
    private final MsisdnLocks locks;
    private final OrderSettings settings;
    private final Clock clock;
    private final OrderValidator validator;
    private final ListedMethods methods;
    private final boolean termsFlowEnabled;

    public IdentificationService(SrsClient srs, IdentificationStore store, IdempotencyStore idempotency,
                                 MsisdnLocks locks, OrderSettings settings, Clock clock) {
        this(srs, store, idempotency, locks, settings, clock, false);
    }

    /**
     * @param termsFlowEnabled {@code TERMS_FLOW_ENABLED}: only then is {@code silentSms} accepted
     *                         ({@link ch.srsconnect.shared.terms.SilentSms}, issue 5)
     */
    public IdentificationService(SrsClient srs, IdentificationStore store, IdempotencyStore idempotency,
                                 MsisdnLocks locks, OrderSettings settings, Clock clock, boolean termsFlowEnabled) {
        this(srs, store, idempotency, locks, settings, clock, termsFlowEnabled, ListedMethods.catalogueOnly());
    }

    /** @param methods what an order may name: the catalogue, and methods SRS lists that it does not know */
    public IdentificationService(SrsClient srs, IdentificationStore store, IdempotencyStore idempotency,
                                 MsisdnLocks locks, OrderSettings settings, Clock clock, boolean termsFlowEnabled,
                                 ListedMethods methods) {
        this.methods = methods;
        this.termsFlowEnabled = termsFlowEnabled;
        this.srs = srs;
        this.store = store;
        this.idempotency = idempotency;
        this.locks = locks;
        this.settings = settings;
        this.clock = clock;
        this.validator = new OrderValidator(clock);
    }

    public OrderSettings settings() {
        return settings;
    }

    // ------------------------------------------------------------------ POST

    /**
     * @param idempotencyKey the {@code Idempotency-Key} header, or null
     * @param body           the parsed body (validated here)
     */
    public Reply place(String owner, String idempotencyKey, JsonNode body) {
        OrderValidator.Result result = validator.validate(body, methods::resolve);
        if (result instanceof OrderValidator.Invalid invalid) {
            LOG.info("order refused", "fields", invalid.errors().stream().map(FieldError::field).toList());
            return Reply.invalid(invalid.status(), invalid.errors());
        }
        OrderRequest request = ((OrderValidator.Valid) result).request();
        var silentSmsRefused = SilentSms.check(request.silentSms(), termsFlowEnabled);
        if (silentSmsRefused.isPresent()) {
            LOG.info("order refused", "fields", List.of(SilentSms.FIELD));
            return Reply.invalid(422, List.of(silentSmsRefused.get()));
        }
        if (idempotencyKey == null) {
            return placeValidated(owner, request);
        }
        if (!IDEMPOTENCY_KEY.matcher(idempotencyKey).matches()) {
            return Reply.invalid(400, List.of(new FieldError("Idempotency-Key",
                    "must be 1 to 255 visible ASCII characters (a UUID is a good choice)")));
        }
        String hash = requestHash(body);
        Instant waitUntil = clock.instant().plus(settings.idempotencyWait());
        long pause = 50;
        while (true) {
            IdempotencyBegin begin = idempotency.begin(owner, idempotencyKey, hash);
            switch (begin) {
                case IdempotencyBegin.Completed c -> {
                    LOG.info("idempotent replay", "status", c.record().responseStatus());
                    return replay(c.record().responseStatus(), c.record().responseBody());
                }
                case IdempotencyBegin.Conflict c -> {
                    return Reply.problem(409, "idempotency-key-reused", "Idempotency-Key reused",
                            "This Idempotency-Key was used for a different request; use a new key for a new order.",
                            List.of(new FieldError("Idempotency-Key", "already used with another body")));
                }
                case IdempotencyBegin.InProgress p -> {
                    if (!clock.instant().isBefore(waitUntil)) {
                        long retry = Math.max(1, Duration.between(clock.instant(), p.leaseExpiresAt()).toSeconds());
                        return Reply.problem(409, "request-in-progress", "Request in progress",
                                "A request with this Idempotency-Key is still being processed; retry with the same key.")
                                .withHeader("Retry-After", Long.toString(Math.min(retry, 5)));
                    }
                    sleep(pause);
                    pause = Math.min(400, pause * 2);
                }
                case IdempotencyBegin.Started s -> {
                    return runOnce(owner, idempotencyKey, s.leaseToken(), request);
                }
            }
        }
    }

    private Reply runOnce(String owner, String key, String lease, OrderRequest request) {
        Reply reply;
        try {
            reply = placeValidated(owner, request);
        } catch (RuntimeException e) {
            idempotency.release(owner, key, lease);
            throw e;
        }
        try {
            if (reply.status() == 201) {
                idempotency.complete(owner, key, lease, reply.status(), Json.write(reply.body()));
            } else {
                // Nothing was ordered (or the outcome is unknown and recorded): a retry with the same key may try again.
                idempotency.release(owner, key, lease);
            }
        } catch (IdempotencyLeaseLostException e) {
            LOG.warn("idempotency lease lost before the answer was stored", "status", reply.status());
        }
        return reply;
    }

    private static Reply replay(Integer status, String body) {
        try {
            return Reply.json(status == null ? 200 : status, Json.parse(body)).withHeader("Idempotent-Replayed", "true");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored idempotent response is not JSON", e);
        }
    }

    /** SHA-256 of the body with object keys sorted: the same order sent twice hashes the same. Never stored as text. */
    static String requestHash(JsonNode body) {
        try {
            Object canonical = CANONICAL.treeToValue(body, Object.class);
            byte[] bytes = CANONICAL.writeValueAsBytes(canonical);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * With an msisdn (and canceling enabled) one placement at a time per caller and msisdn: a concurrent one waits
     * (bounded), then gets 409 {@code order-in-progress} with Retry-After.
     */
    private Reply placeValidated(String owner, OrderRequest request) {
        if (!settings.cancelEarlier() || request.msisdn() == null) {
            return placeUnlocked(owner, request);
        }
        Instant waitUntil = clock.instant().plus(settings.idempotencyWait());
        long pause = 50;
        while (true) {
            Optional<String> token = locks.tryAcquire(owner, request.msisdn());
            if (token.isPresent()) {
                try {
                    return placeUnlocked(owner, request);
                } finally {
                    locks.release(owner, request.msisdn(), token.get());
                }
            }
            if (!clock.instant().isBefore(waitUntil)) {
                return Reply.problem(409, "order-in-progress", "Order in progress",
                        "Another order for this msisdn is being placed right now; retry shortly.")
                        .withHeader("Retry-After", "2");
            }
            sleep(pause);
            pause = Math.min(400, pause * 2);
        }
    }

    private Reply placeUnlocked(String owner, OrderRequest request) {
        CatalogueEntry entry = request.method();
        String id = Randomness.uuid();
        List<ObjectNode> canceled;
        try {
            canceled = settings.cancelEarlier() && request.msisdn() != null
                    ? cancelEarlierPending(owner, request.msisdn(), id) : List.of();
        } catch (SwisscomUnavailableException e) {
            LOG.warn("cannot cancel earlier pending orders; no new order placed", "reason", e.getMessage());
            return Reply.unavailable(e.retryAfterSeconds(), "Earlier pending orders for this msisdn could not be canceled at SRS"
                    + " (the guide requires it), so no new order was placed. Retry later.");
        } catch (CredentialsUnavailableException | SecretStoreException e) {
            return Reply.unavailable(SECRET_STORE_RETRY_AFTER_SECONDS, "SRS credentials are unavailable; no order was placed.");
        }

        Instant now = now();
        Identification pending = store.create(Identification.builder()
                .id(id).owner(owner).issuer(entry.issuer()).method(entry.method())
                .msisdn(request.msisdn()).externalId(request.externalId()).silentSms(request.silentSms() ? Boolean.TRUE : null)
                .status(IdentificationStatus.parse(IdentificationViews.PLACING))
                .reason("order being placed at SRS")
                .phase(Phase.DONE)
                .pollShard(Identification.pollShardOf(id, settings.pollShards()))
                .createdAt(now).updatedAt(now).expiresAt(now.plus(keepFor(entry, settings.retention())))
                .build());

        JsonNode answer;
        try {
            answer = srs.placeOrder(entry.issuer(), entry.method(), request.toSrsBody());
        } catch (SwisscomUnavailableException e) {
            if (e.mayHaveBeenProcessed()) {
                return outcomeUnknown(pending, e.retryAfterSeconds(), "SRS did not answer in time");
            }
            discard(pending);
            LOG.warn("SRS unavailable; no order placed", "reason", e.getMessage());
            return Reply.unavailable(e.retryAfterSeconds(), "SRS is unavailable; no order was placed. Retry later.");
        } catch (SwisscomProtocolException e) {
            // requireSuccess() passed: SRS said yes but its answer is unusable, so the order probably exists.
            return outcomeUnknown(pending, SECRET_STORE_RETRY_AFTER_SECONDS, "SRS answered without a usable refId/targetUrl");
        } catch (SwisscomRejectedException e) {
            discard(pending);
            LOG.warn("SRS rejected the order", "status", e.status(), "method", entry.key());
            if (e.status() == 400 || e.status() == 422) {
                return Reply.problem(422, "rejected-by-srs", "Rejected by SRS",
                        "SRS refused the order data (HTTP " + e.status() + "); nothing was ordered. Check the data against"
                                + " GET /methods for " + entry.issuer() + "/" + entry.method() + ".");
            }
            if (e.status() == 404) {
                return Reply.problem(422, "method-not-offered", "Method not offered",
                        "SRS does not offer " + entry.issuer() + "/" + entry.method() + " to this service provider;"
                                + " nothing was ordered. See GET /methods.",
                        List.of(new FieldError("method", "not offered by SRS")));
            }
            return Reply.problem(502, "bad-gateway", "Bad gateway", "SRS refused the order call; nothing was ordered.");
        } catch (CredentialsUnavailableException | SecretStoreException e) {
            discard(pending);
            return Reply.unavailable(SECRET_STORE_RETRY_AFTER_SECONDS, "SRS credentials are unavailable; no order was placed.");
        }

        IdentificationStatus status = answer.hasNonNull("status")
                ? IdentificationStatus.parse(answer.get("status").asText()) : IdentificationStatus.INITIALIZED;
        Instant placed = now();
        String refId = answer.get("refId").asText();
        // SRS's own history (created, initialized with its dates), so later polls merge onto it without
        // duplicates; the order answer alone if SRS cannot tell right now.
        List<StatusEntry> history = srsHistory(refId);
        if (history.isEmpty()) {
            history = List.of(new StatusEntry(status, placed, null, null));
        } else {
            status = history.getLast().status();
        }
        Identification tracked = pending.toBuilder()
                .refId(refId)
                .orderId(answer.hasNonNull("orderId") ? answer.get("orderId").asText() : null)
                .targetUrl(answer.get("targetUrl").asText())
                .status(status).reason(history.getLast().reason())
                .statusHistory(history)
                .phase(Phase.STATUS)
                .nextPollAt(placed.plus(settings.firstPollDelay()))
                .build();
        Identification stored = store.update(pending, tracked);
        LOG.info("order placed", "id", id, "refId", stored.refId(), "method", entry.key(),
                "msisdn", Msisdn.mask(request.msisdn()), "canceledEarlier", canceled.size());
        return Reply.json(201, IdentificationViews.created(stored, entry, request.language(), canceled))
                .withHeader("Location", "/identifications/" + id);
    }

    private Reply outcomeUnknown(Identification pending, long retryAfter, String why) {
        Instant now = now();
        IdentificationStatus unknown = IdentificationStatus.parse(IdentificationViews.UNKNOWN);
        String reason = why + "; the order may exist at SRS but has no known refId or target URL";
        try {
            store.update(pending, pending.toBuilder().status(unknown).reason(reason)
                    .statusHistory(List.of(new StatusEntry(unknown, now, reason, null))).build());
        } catch (RuntimeException e) {
            LOG.error("could not record an order of unknown outcome; the write-ahead record stays as 'placing'", e,
                    "id", pending.id());
        }
        LOG.warn("order outcome unknown; recorded", "id", pending.id(), "method", pending.issuer() + "/" + pending.method(),
                "msisdn", Msisdn.mask(pending.msisdn()), "why", why);
        return Reply.problem(502, "order-outcome-unknown", "Order outcome unknown",
                        why + ". The order may or may not exist at SRS; it is recorded as identification " + pending.id()
                                + " with status 'unknown' and is never shown to the user. Retry to place a new order"
                                + " (with the same Idempotency-Key if you used one).")
                .with("identificationId", pending.id())
                .withHeader("Retry-After", Long.toString(Math.max(1, retryAfter)));
    }

    private void discard(Identification pending) {
        try {
            store.delete(pending);
        } catch (RuntimeException e) {
            LOG.error("could not delete a write-ahead record of an order SRS did not create", e, "id", pending.id());
        }
    }

    /**
     * Cancels at SRS each of the caller's pending orders for this msisdn (phase STATUS) that can still be
     * canceled, and records it. Orders SRS no longer lets cancel (identification done, data ready) are left alone.
     */
    List<ObjectNode> cancelEarlierPending(String owner, String msisdn, String newId) {
        List<ObjectNode> out = new ArrayList<>();
        String cursor = null;
        do {
            Page<Identification> page = store.listByOwner(ListQuery.of(owner).msisdn(msisdn).phases(Phase.STATUS)
                    .pageSize(ListQuery.MAX_PAGE_SIZE).cursor(cursor));
            for (Identification earlier : page.items()) {
                if (earlier.refId() == null || !earlier.status().cancelableAtSrs()) {
                    continue;
                }
                CancelOutcome c = cancelAtSrs(earlier, "superseded by a new order " + newId);
                ObjectNode o = Json.object();
                o.put("id", earlier.id());
                o.put("status", c.identification().status().value());
                o.put("canceled", c.canceled());
                out.add(o);
            }
            cursor = page.nextCursor();
        } while (cursor != null);
        return out;
    }

    record CancelOutcome(Identification identification, boolean canceled, boolean refusedBySrs) {
    }

    /** DELETE at SRS, then mark canceled (retrying the conditional write if the poller wrote meanwhile). */
    private CancelOutcome cancelAtSrs(Identification i, String reason) {
        boolean known;
        try {
            known = srs.cancelIdentification(i.refId());
        } catch (SwisscomRejectedException e) {
            if (e.status() == 409) {
                LOG.info("SRS refused to cancel (identification under way or finished)", "id", i.id());
                return new CancelOutcome(i, false, true);
            }
            throw e;
        }
        // SRS's history before its own canceled entry, which we record with our reason.
        List<StatusEntry> fromSrs = known ? srsHistory(i.refId()).stream()
                .filter(e -> !e.status().is(KnownStatus.CANCELED)).toList() : List.of();
        Identification current = i;
        for (int attempt = 0; attempt < 5; attempt++) {
            if (current.status().isTerminal()) {
                return new CancelOutcome(current, current.status().is(KnownStatus.CANCELED), false);
            }
            Instant now = now();
            String why = known ? reason : reason + " (SRS no longer knows this refId)";
            // SRS's own history (with what happened since the last poll, e.g. aborted) plus our canceled entry.
            List<StatusEntry> history = new ArrayList<>(StatusHistory.merge(current.statusHistory(), fromSrs).history());
            history.add(new StatusEntry(IdentificationStatus.CANCELED, now, why, null));
            try {
                // still due, at once: the poll worker announces the change (Identification Status Changed) and ends
                // tracking, so the SP's backend hears of cancels we make as of any other change
                Identification canceled = store.update(current, current.toBuilder()
                        .status(IdentificationStatus.CANCELED).reason(why).statusHistory(history)
                        .phase(Phase.STATUS).attempts(0).nextPollAt(now).build());
                LOG.info("identification canceled", "id", i.id(), "refId", i.refId());
                return new CancelOutcome(canceled, true, false);
            } catch (ConcurrentUpdateException e) {
                Optional<Identification> reread = store.get(i.id());
                if (reread.isEmpty()) {
                    return new CancelOutcome(current, false, false);
                }
                current = reread.get();
            }
        }
        throw new ConcurrentUpdateException(i.id(), current.version(), java.util.OptionalLong.empty());
    }

    /** SRS's status history (all entries); empty if SRS cannot tell now. */
    private List<StatusEntry> srsHistory(String refId) {
        try {
            Optional<JsonNode> answer = srs.identification(refId);
            if (answer.isEmpty()) {
                return List.of();
            }
            List<StatusEntry> out = new ArrayList<>();
            for (JsonNode st : answer.get().path("statuses")) {
                StatusEntry e = StatusEntry.fromWire(st.path("status").asText(null), st.path("date").asText(null),
                        st.path("reason").asText(null), st.path("kind").asText(null));
                out.add(e);
            }
            return out;
        } catch (RuntimeException e) {
            LOG.info("SRS status history not readable now", "reason", e.getMessage());
            return List.of();
        }
    }

    // ------------------------------------------------------------------ GET

    public Reply get(String owner, String id) {
        return owned(owner, id).map(i -> Reply.json(200, IdentificationViews.detail(i))).orElseGet(Reply::notFound);
    }

    private Optional<Identification> owned(String owner, String id) {
        if (id == null || !ID.matcher(id).matches()) {
            return Optional.empty();
        }
        return store.getOwned(owner, id);
    }

    /** {@code GET /identifications?msisdn=&status=&limit=&cursor=}: the caller's own, newest first. */
    public Reply list(String owner, Map<String, List<String>> query) {
        List<FieldError> errors = new ArrayList<>();
        for (String name : query.keySet()) {
            if (!Set.of("msisdn", "status", "limit", "cursor").contains(name)) {
                errors.add(new FieldError(name, "unknown parameter; known: cursor, limit, msisdn, status"));
            }
        }
        String msisdn = single(query, "msisdn", errors);
        if (msisdn != null) {
            String m = msisdn.replaceAll("\\s", "");
            if (!m.startsWith("+")) {
                m = "+" + m; // '+' in a query string decodes to a space
            }
            if (!m.matches("\\+[1-9][0-9]{6,14}")) {
                errors.add(new FieldError("msisdn", "must be E.164, e.g. +41791234567 (encode + as %2B)"));
            }
            msisdn = m;
        }
        Set<IdentificationStatus> statuses = new LinkedHashSet<>();
        for (String raw : query.getOrDefault("status", List.of())) {
            for (String s : raw.split(",")) {
                if (s.isBlank()) {
                    continue;
                }
                IdentificationStatus st = IdentificationStatus.parse(s.trim());
                if (!st.isKnown() && !s.trim().equals(IdentificationViews.UNKNOWN) && !s.trim().equals(IdentificationViews.PLACING)) {
                    errors.add(new FieldError("status", "unknown status '" + s.trim() + "'"));
                } else {
                    statuses.add(st);
                }
            }
        }
        int limit = ListQuery.DEFAULT_PAGE_SIZE;
        String limitText = single(query, "limit", errors);
        if (limitText != null) {
            try {
                limit = Integer.parseInt(limitText.trim());
                if (limit < 1 || limit > ListQuery.MAX_PAGE_SIZE) {
                    errors.add(new FieldError("limit", "must be 1.." + ListQuery.MAX_PAGE_SIZE));
                }
            } catch (NumberFormatException e) {
                errors.add(new FieldError("limit", "must be a number 1.." + ListQuery.MAX_PAGE_SIZE));
            }
        }
        String cursor = single(query, "cursor", errors);
        if (!errors.isEmpty()) {
            return Reply.problem(400, "invalid-parameters", "Invalid parameters", "One or more parameters are invalid; see errors.", errors);
        }
        Page<Identification> page;
        try {
            page = store.listByOwner(new ListQuery(owner, msisdn, statuses, Set.of(), limit, cursor));
        } catch (InvalidCursorException e) {
            return Reply.problem(400, "invalid-parameters", "Invalid parameters", "The cursor does not belong to this listing.",
                    List.of(new FieldError("cursor", "not issued for this listing")));
        }
        ObjectNode n = Json.object();
        ArrayNode items = n.putArray("items");
        page.items().forEach(i -> items.add(IdentificationViews.summary(i)));
        n.put("nextCursor", page.nextCursor());
        return Reply.json(200, n);
    }

    private static String single(Map<String, List<String>> query, String name, List<FieldError> errors) {
        List<String> v = query.get(name);
        if (v == null || v.isEmpty()) {
            return null;
        }
        if (v.size() > 1) {
            errors.add(new FieldError(name, "may be given once"));
            return null;
        }
        return v.get(0).isBlank() ? null : v.get(0);
    }

    // ------------------------------------------------------------------ DELETE

    /** Cancel at SRS, then mark canceled. Finished → 409; already canceled → 200 with the state (idempotent). */
    public Reply cancel(String owner, String id) {
        Optional<Identification> found = owned(owner, id);
        if (found.isEmpty()) {
            return Reply.notFound();
        }
        Identification i = found.get();
        if (i.status().is(KnownStatus.CANCELED)) {
            return Reply.json(200, IdentificationViews.detail(i));
        }
        if (i.status().isTerminal() || i.phase() != Phase.STATUS) {
            return Reply.problem(409, "not-cancelable", "Not cancelable",
                    "The identification is " + i.status().value() + " and can no longer be canceled.");
        }
        if (!i.status().cancelableAtSrs()) {
            return Reply.problem(409, "not-cancelable", "Not cancelable",
                    "The identification is " + i.status().value() + " (the user finished; the evidence is being prepared)"
                            + " and can no longer be canceled.");
        }
        try {
            CancelOutcome c = cancelAtSrs(i, "canceled by service provider");
            if (c.refusedBySrs()) {
                return Reply.problem(409, "not-cancelable", "Not cancelable",
                        "SRS no longer lets this identification be canceled (the user finished it or it ended).");
            }
            if (!c.canceled()) {
                return Reply.problem(409, "not-cancelable", "Not cancelable",
                        "The identification is " + c.identification().status().value() + " and can no longer be canceled.");
            }
            return Reply.json(200, IdentificationViews.detail(c.identification()));
        } catch (SwisscomUnavailableException e) {
            return Reply.unavailable(e.retryAfterSeconds(), "SRS is unavailable; the identification was not canceled. Retry later.");
        } catch (CredentialsUnavailableException | SecretStoreException e) {
            return Reply.unavailable(SECRET_STORE_RETRY_AFTER_SECONDS, "SRS credentials are unavailable; nothing was canceled.");
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a concurrent request", e);
        }
    }

    /**
     * How long an identification is kept: the configured retention, but never less than it can be tracked
     * (target-URL lifetime, e.g. 90 days for Intrum, plus the lookup phase and a week), so DynamoDB's TTL never
     * removes an item the poll engine still works on.
     */
    static Duration keepFor(CatalogueEntry entry, Duration retention) {
        PollSettings defaults = PollSettings.defaults();
        Duration statusPhase = entry.targetUrl().validUnused() != null ? entry.targetUrl().validUnused() : defaults.trackingLimit();
        Duration tracking = statusPhase.plus(defaults.lookupDeadline()).plus(Duration.ofDays(7));
        return tracking.compareTo(retention) > 0 ? tracking : retention;
    }
}
