package ch.srsconnect.shared.smartflows;

import ch.srsconnect.shared.log.Sensitive;

import java.util.Objects;

/** The T&C token (the last path segment of Smart Flows' T&C link). Never logged: {@link #toString()} hides it. */
public record TermsToken(String value) implements Sensitive {
    public TermsToken {
        Objects.requireNonNull(value, "value");
        if (value.isBlank()) {
            throw new IllegalArgumentException("blank T&C token");
        }
    }

    @Override
    public String toString() {
        return "TermsToken[***]";
    }
}
