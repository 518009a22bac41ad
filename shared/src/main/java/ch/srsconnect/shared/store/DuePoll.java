package ch.srsconnect.shared.store;

import java.time.Instant;

/** An identification whose next poll is due (what the scheduler needs to send one delayed message). */
public record DuePoll(String id, int pollShard, Instant nextPollAt) {
}
