package ch.srsconnect.shared;

import ch.srsconnect.shared.aws.AwsClients;
import ch.srsconnect.shared.config.Config;
import ch.srsconnect.shared.config.EnvVar;
import ch.srsconnect.shared.contract.SwisscomContract;
import ch.srsconnect.shared.http.HttpSettings;
import ch.srsconnect.shared.http.SwisscomHttp;
import ch.srsconnect.shared.log.Log;
import ch.srsconnect.shared.log.LogContext;
import ch.srsconnect.shared.log.Metrics;
import ch.srsconnect.shared.srs.SrsClient;
import ch.srsconnect.shared.token.AccessTokens;
import ch.srsconnect.shared.token.CachedAccessTokens;
import ch.srsconnect.shared.token.IdpClient;
import ch.srsconnect.shared.token.SecretStore;
import ch.srsconnect.shared.token.SecretsManagerStore;
import ch.srsconnect.shared.token.TokenCacheSettings;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Per-container wiring for handlers. A handler's no-arg constructor calls {@link #forSwisscomCalls()} or, if it never
 * calls Swisscom, {@link #fromEnv()} (one instance per container, built on first use); its test constructor takes a
 * Platform built from collaborators.
 *
 * <p>Cheap objects (config, Swisscom HTTP transport, SRS client, token cache) are built at once; the Secrets Manager
 * SDK client — the expensive one — on first use: during init on a second thread for the functions that call Swisscom
 * (their first request needs a token), never for the others.
 */
public final class Platform {
    private static volatile Platform instance;

    private static final Log LOG = Log.get(Platform.class);

    private final Config config;
    private final SwisscomHttp swisscomHttp;
    private final SecretStore secrets;
    private final Supplier<SecretsManagerClient> secretsManager;
    private final AccessTokens srsTokens;
    private final SrsClient srs;
    private final Supplier<AccessTokens> smartFlowsTokens;
    private volatile boolean smartFlowsTokensBuilt;
    private final List<Runnable> restoreActions = new CopyOnWriteArrayList<>();
    private final AtomicBoolean warming = new AtomicBoolean();
    private SnapStartHooks snapStartHooks;   // kept: the CRaC context need not hold it strongly

    /** The container's platform, built from the process environment on first call. */
    public static Platform fromEnv() {
        return container(false);
    }

    /**
     * The container's platform for a function that calls Swisscom: as {@link #fromEnv()}, and during init, on a second
     * thread, the Secrets Manager client is built and the tokens are read from the cache secrets ({@link #warm}).
     */
    public static Platform forSwisscomCalls() {
        return container(true);
    }

    private static Platform container(boolean warm) {
        Platform p = instance;
        if (p == null) {
            synchronized (Platform.class) {
                p = instance;
                if (p == null) {
                    p = build(Config.fromEnv(), warm);
                    p.snapStartHooks = SnapStartHooks.register(p);
                    instance = p;
                    coldStart(p.config);
                }
            }
        }
        if (warm && p.warming.compareAndSet(false, true)) {
            p.warmInBackground();
        }
        return p;
    }

    /**
     * The second thread starts before anything else is built: the Secrets Manager client (about 1300 SDK classes, no
     * I/O) is then built while this thread builds the rest of the platform and the handler's constructor warms the
     * rest. Building them one after the other put the client's last part on the first request.
     */
    private static Platform build(Config config, boolean warm) {
        Supplier<SecretsManagerClient> sm = secretsManagerClient(config);
        CompletableFuture<Platform> built = new CompletableFuture<>();
        Platform p;
        try {
            if (warm) {
                startWarming(sm::get, built);
            }
            p = fromConfig(config, sm);
        } catch (RuntimeException | Error e) {
            built.completeExceptionally(e);
            throw e;
        }
        p.warming.set(warm);
        built.complete(p);
        return p;
    }

    /**
     * One {@code ColdStart} EMF metric per container (the platform is built once, on the first handler): an alarm or
     * a dashboard sees how often Java pays its init, per function.
     */
    static void coldStart(Config config) {
        Metrics.count("ColdStart", Map.of("function", config.optional("AWS_LAMBDA_FUNCTION_NAME").orElse("unknown")));
    }

    /** {@link #warm} of this platform on a second thread (tests; {@link #forSwisscomCalls()} starts it earlier). */
    Thread warmInBackground() {
        return startWarming(() -> { }, CompletableFuture.completedFuture(this));   // the store builds its client
    }

    /**
     * On a second thread while the handler's constructor warms the rest, so that the first request finds it done:
     * runs {@code first} (building the Secrets Manager client), then {@link #warm}s the platform once it is built.
     * Lambda's init phase runs at full speed, and this was most of the first request's time (docs/performance.md). A
     * failure here is ignored: the first use does it again and reports it.
     */
    private static Thread startWarming(Runnable first, CompletableFuture<Platform> built) {
        return Thread.ofPlatform().daemon().name("warm-secrets-and-tokens").start(() -> {
            try {
                first.run();
                built.join().warm();
            } catch (RuntimeException e) {
                LOG.debug("warming the secrets client and tokens ahead failed; the first use does it", "reason",
                        e.getMessage());
            }
        });
    }

    /**
     * Takes the tokens the cache secrets hold into memory, or the client credentials when they hold none (AWS calls
     * only: the IdP is asked by the first request if the cached tokens are stale). A first request that comes while
     * this runs waits for it rather than making the same calls a second time.
     */
    private void warm() {
        srsTokens.warmFromCacheSecret();
        if (config.optional(EnvVar.SMARTFLOWS_TOKEN_CACHE_SECRET_ID).isPresent()) {
            smartFlowsTokens().warmFromCacheSecret();
        }
    }

    /** A platform with real clients built from the given configuration (local runtime, component tests). */
    public static Platform fromConfig(Config config) {
        return fromConfig(config, secretsManagerClient(config));
    }

    private static Supplier<SecretsManagerClient> secretsManagerClient(Config config) {
        return Lazy.of(() -> AwsClients.secretsManager(config));
    }

    private static Platform fromConfig(Config config, Supplier<SecretsManagerClient> sm) {
        LogContext.configure(config);
        return new Platform(config, SwisscomHttp.of(HttpSettings.fromConfig(config)), new SecretsManagerStore(sm), sm);
    }

    /** For tests: real Swisscom HTTP stack against {@code config}'s URLs, secrets from the given store. */
    public static Platform withSecretStore(Config config, SecretStore secrets) {
        return new Platform(config, SwisscomHttp.of(HttpSettings.fromConfig(config)), secrets, () -> {
            throw new IllegalStateException("this platform has no SecretsManagerClient (built with a SecretStore)");
        });
    }

    private Platform(Config config, SwisscomHttp swisscomHttp, SecretStore secrets,
                     Supplier<SecretsManagerClient> secretsManager) {
        this.config = config;
        this.swisscomHttp = swisscomHttp;
        this.secrets = secrets;
        this.secretsManager = secretsManager;
        this.srsTokens = tokens(config, swisscomHttp, secrets, "miss", EnvVar.SRS_TOKEN_CACHE_SECRET_ID);
        this.smartFlowsTokens = Lazy.of(() -> {
            AccessTokens t = tokens(config, swisscomHttp, secrets, "smartflow", EnvVar.SMARTFLOWS_TOKEN_CACHE_SECRET_ID);
            smartFlowsTokensBuilt = true;
            return t;
        });
        this.srs = new SrsClient(swisscomHttp, srsTokens, config.uri(EnvVar.SRS_BASE_URL));
    }

    private static AccessTokens tokens(Config config, SwisscomHttp http, SecretStore secrets, String scope, String cacheVar) {
        return new CachedAccessTokens(new TokenCacheSettings(scope,
                config.string(EnvVar.SRS_CREDENTIALS_SECRET_ID),
                config.string(cacheVar),
                config.duration(EnvVar.TOKEN_REFRESH_SKEW_SECONDS, ChronoUnit.SECONDS, EnvVar.DEFAULT_TOKEN_REFRESH_SKEW_SECONDS)),
                secrets, new IdpClient(http, config.uri(EnvVar.IDP_TOKEN_URL)));
    }

    public Config config() {
        return config;
    }

    /** Timeouts, retries and 401 handling for any Swisscom call (RA and Smart Flows clients build on it). */
    public SwisscomHttp swisscomHttp() {
        return swisscomHttp;
    }

    /** The assumed Swisscom wire details, read once with the HTTP settings (SwisscomContract). */
    public SwisscomContract contract() {
        return swisscomHttp.settings().contract();
    }

    public SecretStore secretStore() {
        return secrets;
    }

    /** The Secrets Manager SDK client (built on first call). */
    public SecretsManagerClient secretsManager() {
        return secretsManager.get();
    }

    /** Tokens for scope {@code miss} (SRS, RA). */
    public AccessTokens srsTokens() {
        return srsTokens;
    }

    public SrsClient srs() {
        return srs;
    }

    /** Tokens for scope {@code smartflow}; needs {@code SMARTFLOWS_TOKEN_CACHE_SECRET_ID} (terms only). */
    public AccessTokens smartFlowsTokens() {
        return smartFlowsTokens.get();
    }

    /** Something else to refresh after a SnapStart restore (e.g. the RA's mTLS connections, built on first use). */
    public void onRestore(Runnable action) {
        restoreActions.add(action);
    }

    /**
     * After a SnapStart restore ({@link SnapStartHooks}): new Swisscom connections, the tokens held in memory dropped
     * (the next call reads the cache secret, or asks the IdP), then what others registered with {@link #onRestore}.
     */
    void afterRestore() {
        swisscomHttp.reconnect();
        srsTokens.forgetCached();
        if (smartFlowsTokensBuilt) {
            smartFlowsTokens.get().forgetCached();
        }
        restoreActions.forEach(Runnable::run);
    }

}
