package ch.srsconnect.shared.catalogue;

import java.util.List;

/**
 * One initial-data field as presented to a frontend: the field, and for {@code language} the values the method
 * accepts (null when any ISO 639-1 code is accepted).
 */
public record FieldSpec(InitialDataField field, List<String> allowedValues) {
    public FieldSpec {
        allowedValues = allowedValues == null ? null : List.copyOf(allowedValues);
    }
}
