package ch.srsconnect.shared.identification;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Merges SRS's status history into the stored one.
 *
 * <p>SRS returns the full history on every status call, append-only. Polls can be redelivered or
 * processed out of order (an older answer after a newer one), and SRS may repeat an entry. Two entries
 * are the same event when their normalised status, date, reason and kind are equal. The merge keeps the
 * stored history exactly as it is (never reordered, never shortened) and appends, in SRS's order, the
 * events it has not seen yet, each once. An older or repeated answer therefore adds nothing.
 */
public final class StatusHistory {

    private StatusHistory() {
    }

    /**
     * @param added   events new to the stored history, in SRS's order (empty when nothing changed)
     * @param history the stored history followed by {@code added}
     */
    public record Merge(List<StatusEntry> added, List<StatusEntry> history) {
        public Merge {
            added = List.copyOf(added);
            history = List.copyOf(history);
        }

        public boolean changed() {
            return !added.isEmpty();
        }

        /** The current status after the merge: the last entry, or {@code null} for an empty history. */
        public IdentificationStatus current() {
            return history.isEmpty() ? null : history.getLast().status();
        }
    }

    public static Merge merge(List<StatusEntry> stored, List<StatusEntry> fromSrs) {
        Set<StatusEntry> seen = new LinkedHashSet<>(stored);
        List<StatusEntry> added = new ArrayList<>();
        for (StatusEntry e : fromSrs) {
            if (seen.add(e)) {
                added.add(e);
            }
        }
        List<StatusEntry> history = new ArrayList<>(stored.size() + added.size());
        history.addAll(stored);
        history.addAll(added);
        return new Merge(added, history);
    }
}
