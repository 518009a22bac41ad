package ch.srsconnect.shared.polling;

import ch.srsconnect.shared.identification.Identification;
import ch.srsconnect.shared.identification.IdentificationStatus;
import ch.srsconnect.shared.identification.KnownStatus;
import ch.srsconnect.shared.identification.NextAction;
import ch.srsconnect.shared.identification.Phase;
import ch.srsconnect.shared.identification.StatusEntry;
import ch.srsconnect.shared.identification.StatusHistory;
import ch.srsconnect.shared.ra.RaEvidence;
import ch.srsconnect.shared.smartflows.EvidenceStatus;
import ch.srsconnect.shared.smartflows.SigningStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The worker's state machine, pure: given the stored identification and what SRS or RA answered, the
 * identification to store and the changes to announce. {@code attempts} counts polls since the last
 * change (the backoff exponent); {@code nextPollAt} of the result is the planned next check.
 *
 * <pre>
 * STATUS --failure (error, negatively_conducted, timeout, canceled)--> DONE
 * STATUS --terminated--> LOOKUP (no msisdn known: DONE)
 * STATUS --deadline (target URL lifetime)--> DONE        aborted stays in STATUS: the URL may be retried
 * LOOKUP --200--> DONE canSign                           LOOKUP --404 past deadline--> DONE !canSign
 * LOOKUP --200, Smart Flows (if run) serial mismatch--> DONE !canSign, RE_IDENTIFY
 * any    --SRS/RA unavailable--> same phase, later; deadlines are only judged on an answer
 * </pre>
 */
public final class PollEngine {

    private final PollSettings settings;

    public PollEngine(PollSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    public PollSettings settings() {
        return settings;
    }

    public PollPlan plan(Identification i) {
        PollPlan p = PollPlan.forMethod(i.issuer(), i.method(), settings);
        return settings.naive() ? p.naive() : p.withIntervalFactor(settings.intervalFactor());
    }

    /** When a new order is checked first: the method's typical duration after {@code createdAt}. */
    public Instant firstCheck(String issuer, String method, Instant createdAt) {
        PollPlan p = PollPlan.forMethod(issuer, method, settings);
        return createdAt.plus(settings.scaled(settings.naive() ? p.naive().firstCheck() : p.firstCheck()));
    }

    /** Phase STATUS: SRS answered with its history. */
    public Step onStatus(Identification cur, SrsSnapshot snapshot, Instant now) {
        requirePhase(cur, Phase.STATUS);
        PollPlan plan = plan(cur);
        StatusHistory.Merge merge = StatusHistory.merge(cur.statusHistory(), snapshot.statuses());
        Identification.Builder b = cur.toBuilder().applySrsHistory(snapshot.statuses()).refusals(0);
        String srsMobile = snapshot.mobile();   // E.164 or null (SrsSnapshot)
        if (srsMobile != null && cur.msisdn() == null) {
            b.msisdn(srsMobile);
        } else if (srsMobile != null && !srsMobile.equals(cur.msisdn())) {
            // the user changed the number at the identification partner (guide App. 1): the evidence is for SRS's
            b.msisdn(srsMobile).orderedMsisdn(cur.orderedMsisdn() != null ? cur.orderedMsisdn() : cur.msisdn());
        }
        if (snapshot.evidenceId() != null) {
            b.evidenceId(snapshot.evidenceId());
        }
        boolean changed = merge.changed() && !cur.status().equals(merge.current());
        int attempts = changed ? 0 : cur.attempts() + 1;
        b.attempts(attempts);
        Identification merged = b.build();
        IdentificationStatus status = merged.status();

        List<StatusChange> changes = new ArrayList<>();
        Identification next;
        if (status.isFailure()) {
            next = merged.toBuilder().done().build();
        } else if (status.is(KnownStatus.TERMINATED)) {
            if (merged.msisdn() == null && plan.canSignWhenTerminated()) {
                // Selfie Ident: terminated means the user can sign (guide); without a number there is nothing to
                // confirm it with at the RA, so tracking ends on SRS's word (Tracking shows the basis)
                next = merged.toBuilder().canSign(true).done().build();
            } else if (merged.msisdn() == null) {
                next = merged.toBuilder().done().build();
            } else {
                Duration first = plan.canSignWhenTerminated() ? Duration.ZERO : plan.lookupFirst();
                next = merged.toBuilder().phase(Phase.LOOKUP).attempts(0).nextPollAt(now.plus(settings.scaled(first))).build();
            }
        } else if (!now.isBefore(cur.createdAt().plus(settings.scaled(plan.statusDeadline())))) {
            next = merged.toBuilder().done().build();
        } else {
            boolean active = status.is(KnownStatus.IDENTIFICATION_DONE) || status.is(KnownStatus.DATA_READY);
            Duration wait = active ? PollPlan.backoff(plan.active(), plan.activeCeiling(), attempts)
                    : waitingInterval(plan, cur.createdAt(), now);
            Instant deadline = cur.createdAt().plus(settings.scaled(plan.statusDeadline()));
            next = merged.toBuilder().nextPollAt(notAfter(now.plus(settings.scaled(wait)), deadline)).build();
        }
        statusChanges(cur, merge, next, changes);
        if (Boolean.TRUE.equals(next.canSign())) {
            changes.add(change(next, StatusChange.Kind.CAN_SIGN, status, null));
        }
        if (next.phase() == Phase.DONE && !status.isTerminal()) {
            changes.add(change(next, StatusChange.Kind.DEADLINE, status, null));
        }
        return new Step(next, changes);
    }

    /**
     * An identification we ended ourselves (canceled by DELETE or by a newer order) and left due so that it is
     * announced: the change from the status before to the last entry, then tracking ends. No call to Swisscom.
     */
    public Step onEndedHere(Identification cur) {
        Identification next = cur.toBuilder().done().build();
        List<StatusEntry> h = cur.statusHistory();
        if (h.isEmpty()) {
            return new Step(next, List.of());
        }
        String before = h.size() > 1 ? h.get(h.size() - 2).status().value() : h.getLast().status().value();
        return new Step(next, List.of(lastEntryChange(next, before)));
    }

    /**
     * The tracking deadline ended a pending order and it was canceled at SRS (the guide asks SPs to cancel pending
     * orders): the canceled entry and its STATUS change follow the deadline's.
     */
    public Step canceledAtDeadline(Step ended, boolean srsKnewIt, Instant now) {
        Identification before = ended.next();
        String why = "tracking deadline passed: canceled at SRS" + (srsKnewIt ? "" : " (SRS no longer knows this refId)");
        List<StatusEntry> history = new ArrayList<>(before.statusHistory());
        history.add(new StatusEntry(IdentificationStatus.CANCELED, now, why, null));
        Identification next = before.toBuilder().status(IdentificationStatus.CANCELED).reason(why).statusHistory(history).build();
        List<StatusChange> changes = new ArrayList<>(ended.changes());
        changes.add(lastEntryChange(next, before.status().value()));
        return new Step(next, changes);
    }

    /** As {@link #canceledAtDeadline}, but SRS refused the cancel: recorded in the reason, tracking still ends. */
    public Step cancelRefusedAtDeadline(Step ended, int httpStatus) {
        Identification next = ended.next().toBuilder()
                .reason("tracking deadline passed; SRS refused to cancel the pending order (HTTP " + httpStatus + ")").build();
        return new Step(next, ended.changes());
    }

    /** Phase LOOKUP: RA answered (empty: 404, no usable evidence yet). */
    public Step onLookup(Identification cur, Optional<RaEvidence> evidence, Instant now) {
        requirePhase(cur, Phase.LOOKUP);
        PollPlan plan = plan(cur);
        if (evidence.isPresent()) {
            Identification next = cur.toBuilder().refusals(0).canSign(true).evidenceExpiresOn(evidence.get().expiresOn())
                    .attempts(cur.attempts() + 1).done().build();
            return new Step(next, List.of(change(next, StatusChange.Kind.CAN_SIGN, cur.status(), null)));
        }
        int attempts = cur.attempts() + 1;
        Instant deadline = terminatedAt(cur).plus(settings.scaled(plan.lookupDeadline()));
        if (!now.isBefore(deadline)) {
            Identification next = cur.toBuilder().refusals(0).canSign(false).attempts(attempts).done().build();
            return new Step(next, List.of(change(next, StatusChange.Kind.DEADLINE, cur.status(), null)));
        }
        Duration wait = PollPlan.backoff(plan.lookupInterval(), plan.lookupCeiling(), attempts - 1);
        return new Step(cur.toBuilder().refusals(0).canSign(false).attempts(attempts)
                .nextPollAt(notAfter(now.plus(settings.scaled(wait)), deadline)).build(), List.of());
    }

    /**
     * Phase LOOKUP where the SP runs Smart Flows: the RA found {@code evidence}, and Smart Flows' signing status says
     * whether the user can sign with it (guide §6.1.4). MID/SAS: can sign. A serial mismatch (password reset, Mobile ID
     * re-activated): tracking ends, can sign false, next action RE_IDENTIFY, a RE_IDENTIFY change. Not (yet) registered
     * or no evidence at Smart Flows: as a lookup without success (the lookup deadline applies). Not able to retrieve:
     * an outage. A value the product does not know: can sign on the RA's word (the status is kept for support).
     */
    public Step onSigningStatus(Identification cur, RaEvidence evidence, EvidenceStatus signing, Instant now) {
        requirePhase(cur, Phase.LOOKUP);
        SigningStatus s = signing.notFound() ? SigningStatus.NOT_REGISTERED_AT_ALL : signing.signingStatus();
        Identification asked = cur.toBuilder().signingStatus(s.name()).build();
        return switch (s.kind()) {
            case CAN_SIGN, UNKNOWN -> onLookup(asked, Optional.of(evidence), now);
            case GET_IDENTIFIED -> onLookup(asked, Optional.empty(), now);
            case RETRY_LATER -> onUnavailable(asked, null, now);
            case RE_IDENTIFY -> {
                Identification next = asked.toBuilder().refusals(0).canSign(false).attempts(cur.attempts() + 1)
                        .evidenceExpiresOn(evidence.expiresOn())
                        .reason("Smart Flows reports a serial mismatch (" + s.name() + "): the user must be identified again")
                        .done().build();
                yield new Step(next, List.of(change(next, StatusChange.Kind.RE_IDENTIFY, cur.status(), null)));
            }
        };
    }

    /** Consecutive refusals (4xx after a token refresh) that end tracking: not an outage, it will not get better. */
    public static final int MAX_REFUSALS = 3;

    /**
     * SRS or RA refused (a 4xx other than 429, after one token refresh: SRS 404 for the refId, RA 401/403/406): backs
     * off like an outage, but the {@value #MAX_REFUSALS}th refusal in a row ends tracking with {@code trackingFailed}, a
     * reason naming the answer, and a TRACKING_FAILED change (the next action: contact support).
     */
    public Step onRefused(Identification cur, int httpStatus, Instant now) {
        int refusals = cur.refusals() + 1;
        if (refusals < MAX_REFUSALS) {
            Step later = onUnavailable(cur, null, now);
            return new Step(later.next().toBuilder().refusals(refusals).build(), later.changes());
        }
        String service = cur.phase() == Phase.LOOKUP ? "the RA lookup" : "SRS";
        Identification next = cur.toBuilder().refusals(refusals).trackingFailed(true)
                .reason("tracking failed: " + service + " answered HTTP " + httpStatus + " " + refusals + " times in a row")
                .done().build();
        return new Step(next, List.of(change(next, StatusChange.Kind.TRACKING_FAILED, cur.status(), null)));
    }

    /**
     * SRS or RA did not answer usefully (5xx, 429, timeout, protocol error): try again later, backing off, at
     * least after {@code retryAfter}. Deadlines are not judged: an outage never ends tracking.
     */
    public Step onUnavailable(Identification cur, Duration retryAfter, Instant now) {
        if (cur.phase() == Phase.DONE) {
            throw new IllegalArgumentException("identification " + cur.id() + " is no longer tracked");
        }
        PollPlan plan = plan(cur);
        int attempts = cur.attempts() + 1;
        Duration wait = cur.phase() == Phase.LOOKUP
                ? PollPlan.backoff(plan.lookupInterval(), plan.lookupCeiling(), attempts)
                : PollPlan.backoff(PollPlan.MIN_INTERVAL, plan.waitingCeiling(), attempts);
        Duration real = settings.scaled(wait);
        if (retryAfter != null && retryAfter.compareTo(real) > 0) {
            real = retryAfter;
        }
        return new Step(cur.toBuilder().attempts(attempts).nextPollAt(now.plus(real)).build(), List.of());
    }

    /**
     * While nobody knows when the user starts: fine steps within the method's typical duration, then half the
     * time since its end (in plan time), between {@code waiting} and {@code waitingCeiling}.
     */
    private Duration waitingInterval(PollPlan plan, Instant createdAt, Instant now) {
        if (settings.naive()) {
            return plan.waiting();
        }
        Instant windowEnd = createdAt.plus(settings.scaled(plan.window()));
        if (now.isBefore(windowEnd)) {
            return plan.active();
        }
        Duration planAge = Duration.ofMillis(Math.round(Duration.between(windowEnd, now).toMillis() * settings.timeScale()));
        Duration half = planAge.dividedBy(2);
        if (half.compareTo(plan.waiting()) < 0) {
            return plan.waiting();
        }
        return half.compareTo(plan.waitingCeiling()) > 0 ? plan.waitingCeiling() : half;
    }

    /** The next check, but no later than the deadline: the deadline is judged on time. */
    private static Instant notAfter(Instant check, Instant deadline) {
        return check.isAfter(deadline) ? deadline : check;
    }

    /** When SRS recorded {@code terminated} (its date), else the last write: the anchor of the lookup deadline. */
    static Instant terminatedAt(Identification i) {
        for (StatusEntry e : i.statusHistory().reversed()) {
            if (e.status().is(KnownStatus.TERMINATED) && e.date() != null) {
                return e.date();
            }
        }
        return i.updatedAt();
    }

    private void statusChanges(Identification cur, StatusHistory.Merge merge, Identification next, List<StatusChange> out) {
        IdentificationStatus previous = cur.status();
        int index = cur.statusHistory().size();
        List<StatusEntry> added = merge.added();
        int start = 0;
        if (cur.statusHistory().isEmpty()) {
            // A new order stores the status of SRS's order answer without a history: what led up to that status
            // was announced with the order and is no change.
            for (int k = added.size() - 1; k >= 0; k--) {
                if (added.get(k).status().equals(previous)) {
                    start = k + 1;
                    break;
                }
            }
        }
        for (int k = start; k < added.size(); k++) {
            StatusEntry e = added.get(k);
            int position = index + k;
            if (e.status().equals(previous)) {
                continue;
            }
            boolean last = k == added.size() - 1;
            NextAction action = last ? Tracking.recommendedAction(next) : e.status().nextAction();
            out.add(new StatusChange(next.id() + ":STATUS:" + position, StatusChange.Kind.STATUS, next.id(), next.owner(),
                    next.refId(), next.issuer(), next.method(), previous.value(), e.status().value(), e.date(),
                    last ? next.phase() : Phase.STATUS, last ? next.canSign() : null, action));
            previous = e.status();
        }
    }

    /** The STATUS change to the last entry of {@code next}'s history (an entry we added ourselves), from {@code before}. */
    private static StatusChange lastEntryChange(Identification next, String before) {
        List<StatusEntry> h = next.statusHistory();
        StatusEntry last = h.getLast();
        return new StatusChange(next.id() + ":STATUS:" + (h.size() - 1), StatusChange.Kind.STATUS, next.id(), next.owner(),
                next.refId(), next.issuer(), next.method(), before, last.status().value(), last.date(), next.phase(),
                next.canSign(), Tracking.recommendedAction(next));
    }

    private static StatusChange change(Identification next, StatusChange.Kind kind, IdentificationStatus status, Instant date) {
        return new StatusChange(next.id() + ":" + kind.name(), kind, next.id(), next.owner(), next.refId(), next.issuer(),
                next.method(), status.value(), status.value(), date, next.phase(), next.canSign(),
                Tracking.recommendedAction(next));
    }

    private static void requirePhase(Identification i, Phase phase) {
        if (i.phase() != phase) {
            throw new IllegalArgumentException("identification " + i.id() + " is in phase " + i.phase() + ", not " + phase);
        }
    }
}
