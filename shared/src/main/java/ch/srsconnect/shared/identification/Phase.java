package ch.srsconnect.shared.identification;

/** Where tracking of one identification stands. */
public enum Phase {
    /** Polling SRS for the identification status. */
    STATUS,
    /** SRS said {@code terminated}: polling the RA lookup until the user can sign or a deadline passes. */
    LOOKUP,
    /** Tracking has ended (terminal failure, user can sign, or deadline passed). */
    DONE
}
