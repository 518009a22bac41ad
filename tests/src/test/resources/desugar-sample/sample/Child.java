package sample;

import java.util.function.Supplier;

/**
 * Its lambda body has the name and descriptor of the parent's ({@code lambda$capturingThis$0}): made package-private
 * without a new name, it would override the parent's.
 */
public class Child extends Sample {
    @Override
    Supplier<String> capturingThis() {
        return () -> "child " + name();
    }

    Supplier<String> parents() {
        return super.capturingThis();
    }
}
