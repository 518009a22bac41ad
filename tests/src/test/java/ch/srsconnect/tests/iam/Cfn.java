package ch.srsconnect.tests.iam;

import java.util.List;
import java.util.Map;

/** Navigating a loaded template (CfnYaml maps and lists) without casts at every step. */
final class Cfn {
    private Cfn() {}

    /** A list as CloudFormation allows it: absent → empty, one value → a list of one. */
    static List<?> list(Object value) {
        if (value == null) return List.of();
        return value instanceof List<?> l ? l : List.of(value);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    /** A top-level section ({@code Resources}, {@code Parameters}), empty when absent. */
    static Map<String, Object> section(Map<String, Object> template, String name) {
        return map(template.get(name));
    }
}
