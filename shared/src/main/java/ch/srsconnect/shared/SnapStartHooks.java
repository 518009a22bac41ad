package ch.srsconnect.shared;

import ch.srsconnect.shared.http.InvocationDeadline;
import ch.srsconnect.shared.log.Log;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;

/**
 * SnapStart (template parameter {@code SnapStartFunctions}, decision 0056): Lambda initializes a function once,
 * snapshots it, and restores copies of that snapshot for later cold starts. After a restore, what must not be
 * shared with the snapshot or with the other copies is refreshed ({@link Platform#afterRestore()}): the randomness
 * behind ids and jitter, the Swisscom HTTP connections (their sockets belonged to the snapshot's host), the tokens
 * held in memory (the cache secret and the IdP decide again), and the invocation deadline.
 *
 * <p>Registered through the {@code org.crac} API, which Lambda's Java runtime calls under SnapStart; on any other
 * JVM the registration is kept and never called. Tests invoke {@link #afterRestore} directly.
 */
public final class SnapStartHooks implements Resource {
    private static final Log LOG = Log.get(SnapStartHooks.class);

    private final Platform platform;

    SnapStartHooks(Platform platform) {
        this.platform = platform;
    }

    /** Registers the hooks of the container's platform; the platform keeps the returned object (the context may not). */
    static SnapStartHooks register(Platform platform) {
        SnapStartHooks hooks = new SnapStartHooks(platform);
        Core.getGlobalContext().register(hooks);
        return hooks;
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        InvocationDeadline.clear();
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        Randomness.reseed();
        InvocationDeadline.clear();
        platform.afterRestore();
        LOG.info("restored from a snapshot: new randomness, new Swisscom connections, tokens re-read on first use");
    }
}
