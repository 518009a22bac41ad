package ch.srsconnect.shared.polling;

import ch.srsconnect.shared.http.SwisscomException;
import ch.srsconnect.shared.http.SwisscomRejectedException;
import ch.srsconnect.shared.http.SwisscomUnavailableException;
import ch.srsconnect.shared.identification.Identification;
import ch.srsconnect.shared.identification.KnownStatus;
import ch.srsconnect.shared.identification.Phase;
import ch.srsconnect.shared.identification.StatusEntry;
import ch.srsconnect.shared.log.Log;
import ch.srsconnect.shared.log.Metrics;
import ch.srsconnect.shared.log.Msisdn;
import ch.srsconnect.shared.ra.RaEvidence;
import ch.srsconnect.shared.smartflows.EvidenceStatus;
import ch.srsconnect.shared.smartflows.SigningStatus;
import ch.srsconnect.shared.store.ConcurrentUpdateException;
import ch.srsconnect.shared.token.CredentialsUnavailableException;
import ch.srsconnect.shared.token.SecretStoreException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Processes one poll message: read the item, ask SRS (STATUS) or RA (LOOKUP), announce the changes, store the
 * result conditionally on the version, and re-send the next poll itself when it is due within 15 minutes.
 *
 * <p>Order of effects and why nothing is lost:
 * <ol>
 *   <li>A message whose version is no longer the item's is dropped (duplicate, or superseded by the scheduler).</li>
 *   <li>Events are published <em>before</em> the write: a crash after publishing repeats the poll and the same
 *       changes (same {@code changeId}) — at least once, never lost.</li>
 *   <li>The write is conditional on the version: of two concurrent deliveries one wins, the other is dropped.
 *       A crash before the write leaves the message undeleted: SQS redelivers it and the poll is repeated.</li>
 *   <li>A self-sent next poll is leased: {@code nextPollAt} is stored as the planned time + the lease, so the
 *       scheduler stays away unless the message is lost, in which case it re-sends after the lease.</li>
 * </ol>
 */
public final class PollWorker {
    private static final Log LOG = Log.get(PollWorker.class);

    public enum Outcome {
        /** Polled and stored. */
        POLLED,
        /** Delivered before its time (a wait above 15 minutes): re-sent with the remaining delay. */
        RESENT_EARLY,
        /** Duplicate, superseded, or the identification is gone or no longer tracked. */
        DROPPED
    }

    private final PollEngine engine;
    private final PollPorts.Items items;
    private final PollPorts.StatusSource srs;
    private final PollPorts.EvidenceSource ra;
    private final Optional<PollPorts.SigningSource> signing;
    private final PollPorts.Cancels cancels;
    private final PollPorts.Events events;
    private final PollPorts.Queue queue;
    private final Clock clock;
    /**
     * Container-level circuit breaker: after SRS or RA failed (after SwisscomHttp's own retries), the next polls
     * until this instant are rescheduled without calling, so a batch during an outage takes milliseconds instead of
     * a timeout per message (which would exceed the function timeout and count towards the DLQ).
     */
    private volatile Instant swisscomDownUntil = Instant.MIN;
    static final Duration BREAKER_OPEN = Duration.ofSeconds(30);

    public PollWorker(PollEngine engine, PollPorts.Items items, PollPorts.StatusSource srs, PollPorts.EvidenceSource ra,
                      PollPorts.Cancels cancels, PollPorts.Events events, PollPorts.Queue queue, Clock clock) {
        this(engine, items, srs, ra, Optional.empty(), cancels, events, queue, clock);
    }

    /** @param signing Smart Flows' signing status, asked before can-sign is announced (where the SP runs Smart Flows) */
    public PollWorker(PollEngine engine, PollPorts.Items items, PollPorts.StatusSource srs, PollPorts.EvidenceSource ra,
                      Optional<PollPorts.SigningSource> signing, PollPorts.Cancels cancels, PollPorts.Events events,
                      PollPorts.Queue queue, Clock clock) {
        this.engine = Objects.requireNonNull(engine);
        this.items = Objects.requireNonNull(items);
        this.srs = Objects.requireNonNull(srs);
        this.ra = Objects.requireNonNull(ra);
        this.signing = Objects.requireNonNull(signing);
        this.cancels = Objects.requireNonNull(cancels);
        this.events = Objects.requireNonNull(events);
        this.queue = Objects.requireNonNull(queue);
        this.clock = Objects.requireNonNull(clock);
    }

    /** @throws RuntimeException on anything unexpected: the message fails and SQS redelivers it (then the DLQ) */
    public Outcome process(PollMessage message) {
        Optional<Identification> found = items.get(message.id());
        if (found.isEmpty()) {
            LOG.warn("poll message for an unknown identification dropped", "id", message.id());
            return Outcome.DROPPED;
        }
        Identification cur = found.get();
        if (cur.phase() == Phase.DONE || cur.nextPollAt() == null || cur.version() != message.version()) {
            LOG.debug("stale poll message dropped", "id", cur.id(), "messageVersion", message.version(),
                    "version", cur.version(), "phase", cur.phase());
            return Outcome.DROPPED;
        }
        Instant now = clock.instant();
        if (cur.phase() == Phase.STATUS && (cur.refId() == null || cur.refId().isBlank())) {
            LOG.error("tracked identification without refId: tracking ended", "id", cur.id());
            try {
                items.update(cur, cur.toBuilder().done().build());
            } catch (ConcurrentUpdateException e) {
                return Outcome.DROPPED;
            }
            return Outcome.POLLED;
        }
        if (message.at().isAfter(now.plusSeconds(1))) {
            queue.send(List.of(message), now);
            return Outcome.RESENT_EARLY;
        }

        Step step = endedHere(cur);
        if (step == null && !message.nudge()) step = notBeforeFirstCheck(cur, now);
        if (step == null) step = cancelIfStale(cur, poll(cur, now), now);
        if (!step.changes().isEmpty()) {
            events.publish(step.changes());
        }
        Identification planned = step.next();
        Instant check = planned.nextPollAt();
        boolean selfSend = check != null && !check.isAfter(now.plus(engine.settings().maxSelfDelay()));
        Identification toStore = selfSend
                ? planned.toBuilder().nextPollAt(check.plus(engine.settings().lease())).build()
                : planned;
        Identification stored;
        try {
            stored = items.update(cur, toStore);
        } catch (ConcurrentUpdateException e) {
            LOG.info("identification changed while polling; its newer message carries on", "id", cur.id(),
                    "version", cur.version());
            return Outcome.DROPPED;
        }
        LOG.info("polled", "id", cur.id(), "phase", stored.phase(), "status", stored.status().value(),
                "canSign", stored.canSign(), "nextPollAt", stored.nextPollAt(), "msisdn", Msisdn.mask(stored.msisdn()));
        if (selfSend) {
            try {
                queue.send(List.of(new PollMessage(stored.id(), stored.version(), check)), now);
            } catch (RuntimeException e) {
                LOG.warn("next poll not sent; the scheduler re-sends it after the lease", e, "id", stored.id());
            }
        }
        return Outcome.POLLED;
    }

    /** Canceled by place-order (DELETE, or a newer order) and left due: announce it and end, without asking SRS. */
    private Step endedHere(Identification cur) {
        return cur.phase() == Phase.STATUS && cur.status().isFailure() ? engine.onEndedHere(cur) : null;
    }

    /**
     * An order nobody has polled yet whose method's first check is still ahead (place-order schedules every new order
     * a minute out): move the check there without asking SRS.
     */
    private Step notBeforeFirstCheck(Identification cur, Instant now) {
        boolean untouched = cur.phase() == Phase.STATUS && cur.attempts() == 0 && cur.statusHistory().size() <= 2
                && (cur.status().is(KnownStatus.CREATED) || cur.status().is(KnownStatus.INITIALIZED));
        if (!untouched) {
            return null;
        }
        Instant first = engine.firstCheck(cur.issuer(), cur.method(), cur.createdAt());
        if (!now.plusSeconds(1).isBefore(first)) {
            return null;
        }
        return new Step(cur.toBuilder().nextPollAt(first).build(), List.of());
    }

    /**
     * A pending order (created, initialized, aborted) that the tracking deadline ended is canceled at SRS, as the guide
     * asks, once: a refusal is recorded; an outage keeps it tracked, so the cancel is tried again on the next poll.
     */
    private Step cancelIfStale(Identification cur, Step step, Instant now) {
        boolean deadline = step.changes().stream().anyMatch(c -> c.kind() == StatusChange.Kind.DEADLINE);
        if (!deadline || cur.phase() != Phase.STATUS || !step.next().status().cancelableAtSrs()) {
            return step;
        }
        try {
            boolean known = cancels.cancel(cur.refId());
            LOG.info("pending order canceled at SRS at its tracking deadline", "id", cur.id(), "srsKnewIt", known);
            return engine.canceledAtDeadline(step, known, now);
        } catch (SwisscomRejectedException e) {
            LOG.warn("SRS refused to cancel a pending order at its tracking deadline", "id", cur.id(), "status", e.status());
            return engine.cancelRefusedAtDeadline(step, e.status());
        } catch (SwisscomException | CredentialsUnavailableException | SecretStoreException e) {
            LOG.warn("cancel at the tracking deadline failed; trying again later", "id", cur.id(),
                    "error", e.getClass().getSimpleName());
            return engine.onUnavailable(cur, e instanceof SwisscomUnavailableException u
                    ? Duration.ofSeconds(u.retryAfterSeconds()) : null, now);
        }
    }

    /** RA lookup; where the SP runs Smart Flows, evidence found is confirmed with its signing status first. */
    private Step lookup(Identification cur, Instant now) {
        Optional<RaEvidence> evidence = ra.lookup(cur.msisdn());
        if (evidence.isEmpty() || signing.isEmpty()) {
            return engine.onLookup(cur, evidence, now);
        }
        EvidenceStatus status = signing.get().status(cur.msisdn());
        if (status.signingStatus() == SigningStatus.UNKNOWN && !status.notFound()) {
            LOG.warn("Smart Flows sent a signing status this product does not know; can sign on the RA's word",
                    "id", cur.id(), "signingStatus", StatusEntry.cap(status.rawSigningStatus(), 64));
        }
        return engine.onSigningStatus(cur, evidence.get(), status, now);
    }

    private Step poll(Identification cur, Instant now) {
        if (now.isBefore(swisscomDownUntil)) {
            return engine.onUnavailable(cur, Duration.between(now, swisscomDownUntil), now);
        }
        try {
            if (cur.phase() == Phase.STATUS) {
                return engine.onStatus(cur, srs.identification(cur.refId(), cur.issuer()), now);
            }
            return lookup(cur, now);
        } catch (SwisscomRejectedException e) {
            // a refusal concerns this identification only (no breaker), and repeated it ends tracking
            Step step = engine.onRefused(cur, e.status(), now);
            LOG.warn("swisscom refused, polling later unless it keeps refusing", "id", cur.id(), "phase", cur.phase(),
                    "status", e.status(), "refusals", step.next().refusals(), "trackingFailed", step.next().trackingFailed());
            if (step.next().trackingFailed()) {
                Metrics.count("PollTrackingFailed", Map.of("phase", cur.phase().name()));
            }
            return step;
        } catch (SwisscomException | CredentialsUnavailableException | SecretStoreException e) {
            Duration retryAfter = e instanceof SwisscomUnavailableException u ? Duration.ofSeconds(u.retryAfterSeconds()) : null;
            LOG.warn("swisscom unavailable, polling later", "id", cur.id(), "phase", cur.phase(),
                    "error", e.getClass().getSimpleName(), "message", e.getMessage());
            Duration open = retryAfter != null && retryAfter.compareTo(BREAKER_OPEN) < 0 ? retryAfter : BREAKER_OPEN;
            swisscomDownUntil = clock.instant().plus(open);
            return engine.onUnavailable(cur, retryAfter, now);
        }
    }
}
