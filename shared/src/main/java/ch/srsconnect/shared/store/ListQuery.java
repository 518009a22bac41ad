package ch.srsconnect.shared.store;

import ch.srsconnect.shared.identification.IdentificationStatus;
import ch.srsconnect.shared.identification.Phase;
import java.util.Set;

/**
 * A listing of one owner's identifications, newest first.
 *
 * @param owner    the caller (required)
 * @param msisdn   only this msisdn (exact match, as stored), or {@code null} for all
 * @param statuses only these statuses; empty for all
 * @param phases   only these phases (e.g. {@code STATUS} for pending orders); empty for all
 * @param pageSize 1..{@value #MAX_PAGE_SIZE}
 * @param cursor   {@link Page#nextCursor()} of the previous page, or {@code null} for the first
 */
public record ListQuery(String owner, String msisdn, Set<IdentificationStatus> statuses, Set<Phase> phases,
        int pageSize, String cursor) {

    public static final int MAX_PAGE_SIZE = 100;
    public static final int DEFAULT_PAGE_SIZE = 20;

    public ListQuery {
        if (owner == null || owner.isBlank()) {
            throw new IllegalArgumentException("owner is required");
        }
        statuses = statuses == null ? Set.of() : Set.copyOf(statuses);
        phases = phases == null ? Set.of() : Set.copyOf(phases);
        if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
            throw new IllegalArgumentException("pageSize must be within 1.." + MAX_PAGE_SIZE);
        }
    }

    public static ListQuery of(String owner) {
        return new ListQuery(owner, null, Set.of(), Set.of(), DEFAULT_PAGE_SIZE, null);
    }

    public ListQuery msisdn(String v) {
        return new ListQuery(owner, v, statuses, phases, pageSize, cursor);
    }

    public ListQuery statuses(IdentificationStatus... v) {
        return new ListQuery(owner, msisdn, Set.of(v), phases, pageSize, cursor);
    }

    public ListQuery phases(Phase... v) {
        return new ListQuery(owner, msisdn, statuses, Set.of(v), pageSize, cursor);
    }

    public ListQuery pageSize(int v) {
        return new ListQuery(owner, msisdn, statuses, phases, v, cursor);
    }

    public ListQuery cursor(String v) {
        return new ListQuery(owner, msisdn, statuses, phases, pageSize, v);
    }

    boolean filtered() {
        return !statuses.isEmpty() || !phases.isEmpty();
    }

    @Override
    public String toString() {
        return "ListQuery[owner=" + owner + ", msisdn=" + (msisdn == null ? null : "***") + ", statuses=" + statuses
                + ", phases=" + phases + ", pageSize=" + pageSize + ", cursor=" + (cursor != null) + "]";
    }
}
