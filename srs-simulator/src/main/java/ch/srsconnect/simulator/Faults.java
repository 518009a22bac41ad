package ch.srsconnect.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Active faults of a simulator; thread-safe. */
public final class Faults {

    private final List<Active> active = new ArrayList<>();
    private final Random random;

    Faults(long seed) {
        this.random = new Random(seed);
    }

    private static final class Active {
        final FaultSpec spec;
        int remaining;

        Active(FaultSpec spec) {
            this.spec = spec;
            this.remaining = spec.count() == null ? -1 : spec.count();
        }
    }

    /** Adds faults; the first matching active fault fires on a call. */
    public synchronized Faults inject(FaultSpec... specs) {
        for (FaultSpec s : specs) {
            active.add(new Active(s));
        }
        return this;
    }

    public synchronized void clear() {
        active.clear();
    }

    /** Faults still able to fire. */
    public synchronized List<FaultSpec> active() {
        return active.stream().map(a -> a.spec).toList();
    }

    /** The fault to apply to this call, consuming one use; null if none fires. */
    synchronized FaultSpec next(String endpointKey) {
        for (var it = active.iterator(); it.hasNext(); ) {
            Active a = it.next();
            if (!a.spec.endpoint().equals("*") && !a.spec.endpoint().equalsIgnoreCase(endpointKey)) {
                continue;
            }
            if (a.spec.ratio() != null && random.nextDouble() >= a.spec.ratio()) {
                continue;
            }
            if (a.remaining > 0 && --a.remaining == 0) {
                it.remove();
            }
            return a.spec;
        }
        return null;
    }
}
