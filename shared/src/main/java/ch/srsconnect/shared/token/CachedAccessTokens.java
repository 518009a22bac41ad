package ch.srsconnect.shared.token;

import ch.srsconnect.shared.http.SwisscomRejectedException;
import ch.srsconnect.shared.json.Json;
import ch.srsconnect.shared.log.Log;
import ch.srsconnect.shared.log.LogContext;
import ch.srsconnect.shared.log.Metrics;
import ch.srsconnect.shared.log.Sensitive;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Client-credentials tokens for one scope with a three-level cache:
 * <ol>
 *   <li>container memory;</li>
 *   <li>the cache secret {@code {"accessToken","expiresAt"}} (epoch seconds), shared by all containers,
 *       used only if more than the refresh skew remains — and not for the refresh right after a token was
 *       rejected (401): another container may have cached a token that is revoked too, so that refresh asks
 *       the IdP;</li>
 *   <li>the IdP, after which the new token is written to the cache secret ({@code PutSecretValue}).</li>
 * </ol>
 * One refresh at a time per container: concurrent callers wait for the same refresh and share its result
 * (or its failure). Cache-secret read and write failures only degrade (warning, IdP token still served).
 * Client credentials are read once per container and re-read once when the IdP answers 401 (rotation).
 * Tokens and credentials never reach logs or exception messages.
 */
public final class CachedAccessTokens implements AccessTokens {
    private static final Log LOG = Log.get(CachedAccessTokens.class);

    private record Cached(String value, Instant expiresAt, Instant refreshAt) implements Sensitive {
        @Override
        public String toString() {
            return "Cached[redacted, expiresAt=" + expiresAt + "]";
        }
    }

    private final TokenCacheSettings settings;
    private final SecretStore store;
    private final IdpClient idp;
    private final Clock clock;
    private final Map<String, String> dimensions;

    private final Object lock = new Object();
    private volatile Cached current;
    private volatile ClientCredentials credentials;
    private volatile String invalidated;
    private boolean askIdpNext; // guarded by lock: the next refresh skips the cache secret (after a 401)
    private CompletableFuture<Cached> inflight; // guarded by lock
    private boolean warnedShortLifetime;
    private final AtomicInteger waiting = new AtomicInteger();

    public CachedAccessTokens(TokenCacheSettings settings, SecretStore store, IdpClient idp) {
        this(settings, store, idp, Clock.systemUTC());
    }

    public CachedAccessTokens(TokenCacheSettings settings, SecretStore store, IdpClient idp, Clock clock) {
        this.settings = Objects.requireNonNull(settings);
        this.store = Objects.requireNonNull(store);
        this.idp = Objects.requireNonNull(idp);
        this.clock = Objects.requireNonNull(clock);
        this.dimensions = Map.of("scope", settings.scope());
    }

    /**
     * Runs as a refresh that never asks the IdP: a {@link #token()} called meanwhile waits for it and, if it found no
     * token, refreshes then, with the credentials already read.
     */
    @Override
    public void warmFromCacheSecret() {
        CompletableFuture<Cached> warming = new CompletableFuture<>();
        synchronized (lock) {
            if (current != null || inflight != null) {
                return;
            }
            inflight = warming;
        }
        Cached found = null;
        try {
            found = readCacheSecret(clock.instant()).orElse(null);
            if (found == null) {
                credentials(false);   // the first request asks the IdP: have them in memory
            }
        } catch (RuntimeException e) {
            LOG.debug("reading the client credentials ahead failed; the first request reads them", "scope",
                    settings.scope(), "failure", describe(e));
        } finally {
            synchronized (lock) {
                if (found != null && current == null) {
                    current = found;
                }
                inflight = null;
            }
            warming.complete(found);
        }
    }

    @Override
    public void forgetCached() {
        synchronized (lock) {
            current = null;
        }
    }

    @Override
    public String token() {
        while (true) {
            Cached c = current;
            if (c != null && clock.instant().isBefore(c.refreshAt())) {
                return c.value();
            }
            CompletableFuture<Cached> shared;
            boolean leader = false;
            synchronized (lock) {
                c = current;
                if (c != null && clock.instant().isBefore(c.refreshAt())) {
                    return c.value();
                }
                if (inflight == null) {
                    inflight = new CompletableFuture<>();
                    leader = true;
                }
                shared = inflight;
            }
            if (leader) {
                return lead(shared).value();
            }
            Cached refreshed = await(shared);
            if (refreshed != null) {
                return refreshed.value();
            }
            // the warm-up found no token in the cache secret: refresh now
        }
    }

    private Cached await(CompletableFuture<Cached> shared) {
        waiting.incrementAndGet();
        try {
            return shared.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw e;
        } finally {
            waiting.decrementAndGet();
        }
    }

    /** Callers currently waiting for another caller's refresh (tests). */
    int waitingForRefresh() {
        return waiting.get();
    }

    private Cached lead(CompletableFuture<Cached> shared) {
        Cached fresh;
        try {
            fresh = refresh();
        } catch (Throwable t) {
            synchronized (lock) {
                inflight = null;
            }
            shared.completeExceptionally(t);
            throw t;
        }
        synchronized (lock) {
            current = fresh;
            inflight = null;
        }
        shared.complete(fresh);
        return fresh;
    }

    @Override
    public void invalidate(String token) {
        if (token == null) {
            return;
        }
        synchronized (lock) {
            invalidated = token;
            Cached c = current;
            if (c != null && c.value().equals(token)) {
                current = null;
                askIdpNext = true;
                LOG.info("access token invalidated", "scope", settings.scope());
            }
        }
    }

    private Cached refresh() {
        Instant now = clock.instant();
        boolean askIdp;
        synchronized (lock) {
            askIdp = askIdpNext;
            askIdpNext = false;
        }
        Optional<Cached> shared = askIdp ? Optional.empty() : readCacheSecret(now);
        if (shared.isPresent()) {
            LOG.debug("access token from the cache secret", "scope", settings.scope(), "expiresAt", shared.get().expiresAt());
            Metrics.count("TokenFromCacheSecret", dimensions);
            return shared.get();
        }
        IdpClient.IssuedToken issued = fetchFromIdp();
        LogContext.redact(issued.accessToken());
        Metrics.count("IdpTokenRequests", dimensions);
        Duration lifetime = issued.expiresInSeconds() > 0
                ? Duration.ofSeconds(issued.expiresInSeconds()) : TokenCacheSettings.DEFAULT_LIFETIME;
        if (issued.expiresInSeconds() <= 0) {
            LOG.warn("IdP answer has no usable expires_in, assuming a default lifetime", "scope", settings.scope(),
                    "assumedSeconds", lifetime.toSeconds());
        }
        Duration skew = settings.refreshSkew();
        if (lifetime.compareTo(skew) <= 0) {
            // Refreshing "skew before expiry" would refresh on every call; keep the token for half its life instead.
            skew = lifetime.dividedBy(2);
            if (!warnedShortLifetime) {
                warnedShortLifetime = true;
                LOG.warn("token lifetime is not longer than the refresh skew; other containers will not reuse it",
                        "scope", settings.scope(), "lifetimeSeconds", lifetime.toSeconds(),
                        "refreshSkewSeconds", settings.refreshSkew().toSeconds());
            }
        }
        Instant expiresAt = now.plus(lifetime);
        Cached fresh = new Cached(issued.accessToken(), expiresAt, expiresAt.minus(skew));
        writeCacheSecret(fresh);
        LOG.info("access token obtained from the IdP", "scope", settings.scope(), "expiresAt", expiresAt);
        return fresh;
    }

    private Optional<Cached> readCacheSecret(Instant now) {
        String raw;
        try {
            raw = store.read(settings.cacheSecretId()).orElse(null);
        } catch (RuntimeException e) {
            LOG.warn("token cache secret could not be read; asking the IdP", "scope", settings.scope(),
                    "secretId", settings.cacheSecretId(), "failure", describe(e));
            return Optional.empty();
        }
        if (raw == null || raw.isBlank()) {
            return Optional.empty();
        }
        String token;
        long expiresAtEpoch;
        try {
            JsonNode n = Json.parse(raw);
            if (n.isObject() && n.isEmpty()) {
                // "{}": the state the template creates the cache secret in; nothing cached yet.
                LOG.debug("token cache secret is empty", "scope", settings.scope());
                return Optional.empty();
            }
            JsonNode t = n.get("accessToken");
            JsonNode e = n.get("expiresAt");
            if (t == null || !t.isTextual() || t.asText().isBlank() || e == null || !e.canConvertToLong()) {
                throw new IllegalArgumentException("shape");
            }
            token = t.asText();
            expiresAtEpoch = e.asLong();
        } catch (Exception e) {
            // Never log the parser's message: it may quote the secret's content.
            LOG.warn("token cache secret is malformed; asking the IdP", "scope", settings.scope(),
                    "secretId", settings.cacheSecretId());
            return Optional.empty();
        }
        if (token.equals(invalidated)) {
            LOG.debug("token cache secret holds the invalidated token", "scope", settings.scope());
            return Optional.empty();
        }
        Instant expiresAt = Instant.ofEpochSecond(expiresAtEpoch);
        Instant refreshAt = expiresAt.minus(settings.refreshSkew());
        if (!now.isBefore(refreshAt)) {
            return Optional.empty();
        }
        LogContext.redact(token);
        return Optional.of(new Cached(token, expiresAt, refreshAt));
    }

    private void writeCacheSecret(Cached c) {
        ObjectNode n = Json.object();
        n.put("accessToken", c.value());
        n.put("expiresAt", c.expiresAt().getEpochSecond());
        try {
            store.write(settings.cacheSecretId(), Json.write(n));
        } catch (RuntimeException e) {
            LOG.warn("token cache secret could not be written; serving the token anyway", "scope", settings.scope(),
                    "secretId", settings.cacheSecretId(), "failure", describe(e));
        }
    }

    private IdpClient.IssuedToken fetchFromIdp() {
        ClientCredentials creds = credentials(false);
        try {
            return idp.fetch(creds, settings.scope());
        } catch (IdpClient.InvalidClientException first) {
            ClientCredentials reread = credentials(true);
            if (reread.equals(creds)) {
                LOG.error("IdP rejected the client credentials and the credentials secret is unchanged",
                        "scope", settings.scope(), "secretId", settings.credentialsSecretId());
                throw new SwisscomRejectedException(IdpClient.ENDPOINT, 401);
            }
            LOG.info("IdP rejected the client credentials; using the rotated credentials", "scope", settings.scope());
            try {
                return idp.fetch(reread, settings.scope());
            } catch (IdpClient.InvalidClientException second) {
                LOG.error("IdP rejected the rotated client credentials too", "scope", settings.scope(),
                        "secretId", settings.credentialsSecretId());
                throw new SwisscomRejectedException(IdpClient.ENDPOINT, 401);
            }
        }
    }

    private ClientCredentials credentials(boolean reload) {
        ClientCredentials c = credentials;
        if (c != null && !reload) {
            return c;
        }
        String id = settings.credentialsSecretId();
        String raw;
        try {
            raw = store.read(id).orElse(null);
        } catch (RuntimeException e) {
            throw new CredentialsUnavailableException("credentials secret " + id + " could not be read (" + describe(e) + ")");
        }
        if (raw == null || raw.isBlank()) {
            throw new CredentialsUnavailableException("credentials secret " + id + " has no value");
        }
        ClientCredentials parsed;
        try {
            JsonNode n = Json.parse(raw);
            JsonNode cid = n.get("clientId");
            JsonNode secret = n.get("clientSecret");
            if (cid == null || secret == null || !cid.isTextual() || !secret.isTextual()
                    || cid.asText().isBlank() || secret.asText().isBlank()) {
                throw new IllegalArgumentException("shape");
            }
            parsed = new ClientCredentials(cid.asText(), secret.asText(), optionalText(n, "smartFlowsApiKey"),
                    optionalText(n, "smartFlowsReferer"));
        } catch (Exception e) {
            throw new CredentialsUnavailableException("credentials secret " + id
                    + " is malformed: expected {\"clientId\":...,\"clientSecret\":...}");
        }
        LogContext.redact(parsed.clientSecret());
        if (parsed.smartFlowsApiKey() != null) {
            LogContext.redact(parsed.smartFlowsApiKey());
        }
        credentials = parsed;
        return parsed;
    }

    private static String optionalText(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v != null && v.isTextual() && !v.asText().isBlank() ? v.asText().trim() : null;
    }

    /**
     * Scope {@code smartflow}: {@code X-Api-Key} and {@code Referer} when the credentials secret has
     * {@code smartFlowsApiKey} / {@code smartFlowsReferer}. Reads the credentials once per container; while they cannot
     * be read, no headers (the token path reports that).
     */
    @Override
    public Map<String, String> extraHeaders() {
        if (!settings.scope().equals("smartflow")) {
            return Map.of();
        }
        ClientCredentials c;
        try {
            c = credentials(false);
        } catch (CredentialsUnavailableException e) {
            return Map.of();
        }
        Map<String, String> h = new LinkedHashMap<>();
        if (c.smartFlowsApiKey() != null) h.put("X-Api-Key", c.smartFlowsApiKey());
        if (c.smartFlowsReferer() != null) h.put("Referer", c.smartFlowsReferer());
        return h;
    }

    /** Exception class plus our own messages only (SecretStoreException's is built here, without values). */
    private static String describe(RuntimeException e) {
        return e instanceof SecretStoreException ? e.getMessage() : e.getClass().getSimpleName();
    }
}
