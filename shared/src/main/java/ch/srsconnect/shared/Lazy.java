package ch.srsconnect.shared;

import java.util.function.Supplier;

/** A value built on first use and kept; a failed build is not kept, so the next use tries again. */
public final class Lazy {
    private Lazy() {
    }

    public static <T> Supplier<T> of(Supplier<T> build) {
        return new Supplier<>() {
            private volatile T value;

            @Override
            public T get() {
                T v = value;
                if (v == null) {
                    synchronized (this) {
                        v = value;
                        if (v == null) {
                            v = build.get();
                            value = v;
                        }
                    }
                }
                return v;
            }
        };
    }
}
