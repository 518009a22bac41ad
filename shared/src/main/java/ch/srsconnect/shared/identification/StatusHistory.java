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
 *
 * <p>Bounded, so that no answer of SRS can make an identification too large to store (DynamoDB's 400 KB): only the
 * last {@value #SRS_WINDOW} entries of SRS's answer are read, and a history over {@value #MAX_ENTRIES} entries keeps its
 * first {@value #KEEP_FIRST} and its most recent ones. SRS's history is append-only, so every entry of the window
 * that is not new is within the kept tail: nothing dropped is ever appended again.
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

    public static final int MAX_ENTRIES = 50;
    public static final int KEEP_FIRST = 10;
    public static final int SRS_WINDOW = 30;

    public static Merge merge(List<StatusEntry> stored, List<StatusEntry> fromSrs) {
        Set<StatusEntry> seen = new LinkedHashSet<>(stored);
        List<StatusEntry> added = new ArrayList<>();
        List<StatusEntry> window = fromSrs.size() > SRS_WINDOW ? fromSrs.subList(fromSrs.size() - SRS_WINDOW, fromSrs.size()) : fromSrs;
        for (StatusEntry e : window) {
            if (seen.add(e)) {
                added.add(e);
            }
        }
        List<StatusEntry> history = new ArrayList<>(stored.size() + added.size());
        history.addAll(stored);
        history.addAll(added);
        if (history.size() > MAX_ENTRIES) {
            List<StatusEntry> bounded = new ArrayList<>(history.subList(0, KEEP_FIRST));
            bounded.addAll(history.subList(history.size() - (MAX_ENTRIES - KEEP_FIRST), history.size()));
            history = bounded;
        }
        return new Merge(added, history);
    }
}
