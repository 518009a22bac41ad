package ch.srsconnect.shared.testing;

import ch.srsconnect.shared.token.AccessTokens;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** Hands out tok-1, tok-2, ... ; a new one after each invalidation of the current one. */
public final class CountingTokens implements AccessTokens {
    private final AtomicInteger generation = new AtomicInteger(1);
    public final List<String> invalidated = new CopyOnWriteArrayList<>();

    @Override
    public String token() {
        return "tok-" + generation.get();
    }

    @Override
    public void invalidate(String token) {
        invalidated.add(token);
        if (token.equals(token())) {
            generation.incrementAndGet();
        }
    }
}
