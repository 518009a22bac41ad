package ch.srsconnect.shared.api;

import java.util.Objects;

/** One invalid input: {@code field} is the parameter or JSON pointer-ish path ({@code loa}, {@code person.dob}). */
public record FieldError(String field, String message) {
    public FieldError {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(message, "message");
    }
}
