package ch.srsconnect.shared.http;

import java.time.Duration;

/** Waits between retries; tests pass a recording fake instead of really sleeping. */
@FunctionalInterface
public interface Sleeper {
    void sleep(Duration d) throws InterruptedException;

    Sleeper REAL = d -> {
        if (!d.isZero() && !d.isNegative()) {
            Thread.sleep(d);
        }
    };
}
