package ch.srsconnect.simulator;

import java.util.Locale;

/** What a person (or a rule) makes of an identification at the IPSP. */
public enum Outcome {
    SUCCESS("success"),
    ERROR("error"),
    NEGATIVELY_CONDUCTED("negatively_conducted"),
    TIMEOUT("timeout"),
    CANCELED("canceled"),
    ABORTED("aborted");

    private final String wire;

    Outcome(String wire) {
        this.wire = wire;
    }

    /** The status name this outcome ends in ({@code terminated} for success). */
    public String status() {
        return this == SUCCESS ? "terminated" : wire;
    }

    public String wire() {
        return wire;
    }

    /** Case-insensitive; accepts '-', ' ' for '_' and "cancelled". */
    public static Outcome parse(String s) {
        if (s == null) {
            throw new IllegalArgumentException("outcome missing");
        }
        String n = s.trim().toLowerCase(Locale.ROOT).replace('-', '_').replace(' ', '_');
        if (n.equals("cancelled")) {
            n = "canceled";
        }
        if (n.equals("terminated")) {
            n = "success";
        }
        for (Outcome o : values()) {
            if (o.wire.equals(n)) {
                return o;
            }
        }
        throw new IllegalArgumentException("unknown outcome '" + s
                + "' (success, error, negatively_conducted, timeout, canceled, aborted)");
    }
}
