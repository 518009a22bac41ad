package ch.srsconnect.shared.log;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** Test helper: captures log lines while open. */
public final class LogCapture implements AutoCloseable {
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Consumer<String> previous;
    private final Level previousLevel;

    public LogCapture(Level level) {
        previous = LogContext.setSink(lines::add);
        previousLevel = LogContext.level();
        LogContext.setLevel(level);
    }

    public LogCapture() {
        this(Level.DEBUG);
    }

    public List<String> lines() {
        return lines;
    }

    public String all() {
        return String.join("\n", lines);
    }

    @Override
    public void close() {
        LogContext.setSink(previous);
        LogContext.setLevel(previousLevel);
    }
}
