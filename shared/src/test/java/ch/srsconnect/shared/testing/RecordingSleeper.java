package ch.srsconnect.shared.testing;

import ch.srsconnect.shared.http.Sleeper;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records requested waits instead of sleeping. */
public final class RecordingSleeper implements Sleeper {
    public final List<Duration> sleeps = new CopyOnWriteArrayList<>();

    @Override
    public void sleep(Duration d) {
        sleeps.add(d);
    }
}
