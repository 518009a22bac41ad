package ch.srsconnect.local.template;

/**
 * A CloudFormation intrinsic function or condition reference, whichever way the template wrote it.
 *
 * <p>{@code name} is the long-form key: {@code Ref}, {@code Condition}, or {@code Fn::GetAtt}, {@code Fn::Sub}, ...
 * {@code argument} is the (already loaded) argument: a String, List or Map, possibly containing further
 * intrinsics. {@code Fn::GetAtt} is always normalized to a two-element list {@code [LogicalId, Attribute]}.
 */
public record Intrinsic(String name, Object argument) {

    public Intrinsic {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("intrinsic name is required");
    }

    /** The short-tag form, for messages: {@code !GetAtt Queue.Arn}. */
    @Override
    public String toString() {
        String shortName = name.startsWith("Fn::") ? name.substring(4) : name;
        return "!" + shortName + " " + argument;
    }
}
