package sample;

import java.util.function.Supplier;

/** A lambda in an interface: its body is a private static method of the interface. */
public interface Greeter {
    default Supplier<String> greeting() {
        return () -> "hello from " + Greeter.class.getSimpleName();
    }
}
