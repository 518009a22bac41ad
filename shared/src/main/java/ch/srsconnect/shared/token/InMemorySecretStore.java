package ch.srsconnect.shared.token;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** A {@link SecretStore} in a map: unit tests and offline tools. Counts reads and writes. */
public final class InMemorySecretStore implements SecretStore {
    private final Map<String, String> values = new ConcurrentHashMap<>();
    private final AtomicInteger reads = new AtomicInteger();
    private final AtomicInteger writes = new AtomicInteger();

    public InMemorySecretStore put(String id, String value) {
        values.put(id, value);
        return this;
    }

    @Override
    public Optional<String> read(String secretId) {
        reads.incrementAndGet();
        return Optional.ofNullable(values.get(secretId));
    }

    @Override
    public void write(String secretId, String value) {
        writes.incrementAndGet();
        values.put(secretId, value);
    }

    public Optional<String> peek(String secretId) {
        return Optional.ofNullable(values.get(secretId));
    }

    public int reads() {
        return reads.get();
    }

    public int writes() {
        return writes.get();
    }
}
