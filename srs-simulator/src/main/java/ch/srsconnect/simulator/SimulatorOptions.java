package ch.srsconnect.simulator;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Immutable options of an {@link SrsSimulator}. Every setter returns a modified copy:
 * {@code SimulatorOptions.defaults().port(0).timeScale(60)}.
 */
public final class SimulatorOptions {

    private String bindAddress = "127.0.0.1";
    private int port = 0;
    private double timeScale = 1.0;
    private boolean legacyMethods = false;
    private long tokenTtlSeconds = 3600;
    private long seed = 42L;
    private String defaultOutcome = null;
    private boolean variantStatusSpelling = false;
    private Map<String, String> credentials = new LinkedHashMap<>();
    private String raAuth = "mtls";
    private boolean mockOrdersNeedCallback = true;
    private String contractVariant = null;
    private long otpValiditySeconds = 300;
    private boolean targetUrlExpiry = true;
    private boolean newMethods = false;
    private Path pkiDir = Path.of(System.getProperty("java.io.tmpdir"), "srs-connect-dev-pki");

    private SimulatorOptions() {
    }

    /** Port 0 (any free port), bind 127.0.0.1, real-time durations, no legacy methods, tokens valid 3600 s. */
    public static SimulatorOptions defaults() {
        return new SimulatorOptions();
    }

    private SimulatorOptions copy() {
        SimulatorOptions o = new SimulatorOptions();
        o.bindAddress = bindAddress;
        o.port = port;
        o.timeScale = timeScale;
        o.legacyMethods = legacyMethods;
        o.tokenTtlSeconds = tokenTtlSeconds;
        o.seed = seed;
        o.defaultOutcome = defaultOutcome;
        o.variantStatusSpelling = variantStatusSpelling;
        o.credentials = new LinkedHashMap<>(credentials);
        o.raAuth = raAuth;
        o.pkiDir = pkiDir;
        o.mockOrdersNeedCallback = mockOrdersNeedCallback;
        o.contractVariant = contractVariant;
        o.otpValiditySeconds = otpValiditySeconds;
        o.targetUrlExpiry = targetUrlExpiry;
        o.newMethods = newMethods;
        return o;
    }

    /** Port to listen on; 0 picks a free one (read it back with {@link SrsSimulator#port()}). */
    public SimulatorOptions port(int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535: " + port);
        }
        SimulatorOptions o = copy();
        o.port = port;
        return o;
    }

    /** Address to bind; default 127.0.0.1. */
    public SimulatorOptions bindAddress(String bindAddress) {
        SimulatorOptions o = copy();
        o.bindAddress = Objects.requireNonNull(bindAddress);
        return o;
    }

    /** Real-world identification durations are divided by this factor (60: one minute becomes one second). */
    public SimulatorOptions timeScale(double timeScale) {
        if (!(timeScale > 0) || Double.isInfinite(timeScale)) {
            throw new IllegalArgumentException("timeScale must be > 0: " + timeScale);
        }
        SimulatorOptions o = copy();
        o.timeScale = timeScale;
        return o;
    }

    /** Also list and accept the two v1.4 methods (AUTHADA/eID, KLARNA/bankident). */
    public SimulatorOptions legacyMethods(boolean legacyMethods) {
        SimulatorOptions o = copy();
        o.legacyMethods = legacyMethods;
        return o;
    }

    /** Lifetime of issued access tokens ({@code expires_in}), real seconds, not scaled. */
    public SimulatorOptions tokenTtlSeconds(long tokenTtlSeconds) {
        if (tokenTtlSeconds < 1) {
            throw new IllegalArgumentException("tokenTtlSeconds must be >= 1: " + tokenTtlSeconds);
        }
        SimulatorOptions o = copy();
        o.tokenTtlSeconds = tokenTtlSeconds;
        return o;
    }

    /** Seed of the random source used by ratio faults. */
    public SimulatorOptions seed(long seed) {
        SimulatorOptions o = copy();
        o.seed = seed;
        return o;
    }

    /** An extra accepted client id/secret, besides the public preprod test credentials. */
    public SimulatorOptions credential(String clientId, String clientSecret) {
        SimulatorOptions o = copy();
        o.credentials.put(Objects.requireNonNull(clientId), Objects.requireNonNull(clientSecret));
        return o;
    }

    /**
     * Outcome applied to every order no rule matches, as if the person had chosen it at the IPSP
     * after the method's usual time ({@code success}, {@code error}, ...). {@code null} (default):
     * such orders wait at {@code initialized} for the HTML form of the target URL.
     */
    public SimulatorOptions defaultOutcome(String outcome) {
        if (outcome != null) {
            Outcome.parse(outcome);
        }
        SimulatorOptions o = copy();
        o.defaultOutcome = outcome;
        return o;
    }

    /**
     * Spell statuses the way older guides do ({@code Terminated}, {@code DATA_READY},
     * {@code IDENTIFICATION_NEGATIVELY_CONDUCTED}, {@code cancelled}, ...), to exercise a client's
     * normalisation. Default false: lower-case v1.8 names.
     */
    public SimulatorOptions variantStatusSpelling(boolean variant) {
        SimulatorOptions o = copy();
        o.variantStatusSpelling = variant;
        return o;
    }

    /**
     * How the RA ({@code /api/evidences/*}) authenticates callers, as the product's {@code RA_AUTH}: {@code mtls}
     * (default, as the template's default: RA is served over HTTPS on its own port and requires a client certificate
     * of the dev PKI; plain-HTTP RA calls get 403), {@code bearer} (an SRS token, scope {@code miss}) or {@code none}.
     */
    public SimulatorOptions raAuth(String mode) {
        if (!List.of("mtls", "bearer", "none").contains(mode)) {
            throw new IllegalArgumentException("raAuth must be mtls, bearer or none: " + mode);
        }
        SimulatorOptions o = copy();
        o.raAuth = mode;
        return o;
    }

    public String raAuth() {
        return raAuth;
    }

    /** Where the dev PKI of the mTLS RA lives (generated at first start; default under java.io.tmpdir). */
    public SimulatorOptions pkiDir(Path dir) {
        SimulatorOptions o = copy();
        o.pkiDir = Objects.requireNonNull(dir);
        return o;
    }

    public Path pkiDir() {
        return pkiDir;
    }

    /**
     * As SRS's preprod (guide §4): a mock order (issuer {@code test}) shows the outcome the tester chose only after
     * {@code GET /api/identifications/{refId}/callback}. Default true; false: every GET shows it.
     */
    public SimulatorOptions mockOrdersNeedCallback(boolean need) {
        SimulatorOptions o = copy();
        o.mockOrdersNeedCallback = need;
        return o;
    }

    public boolean mockOrdersNeedCallback() {
        return mockOrdersNeedCallback;
    }

    /**
     * Plausible alternatives of what the product assumes about Swisscom (docs/swisscom-contract.md), one at a time, so
     * that {@code ./dev check-swisscom} can be shown to detect each: {@code idp-form} (the IdP refuses HTTP Basic and
     * wants the credentials as form fields), {@code accept-json} (SRS answers 406 unless Accept names
     * application/json), {@code ra-bearer} (the RA wants the SRS token, not a client certificate), {@code no-callback}
     * (no test callback), {@code status-field} (the status history comes as {@code statusHistory}), {@code
     * providers-field} (methods name their issuer {@code provider}). Null: the contract as assumed.
     */
    public SimulatorOptions contractVariant(String variant) {
        if (variant != null && !CONTRACT_VARIANTS.contains(variant)) {
            throw new IllegalArgumentException("contract variant must be one of " + CONTRACT_VARIANTS + ": " + variant);
        }
        SimulatorOptions o = copy();
        o.contractVariant = variant;
        if ("ra-bearer".equals(variant)) {
            o.raAuth = "bearer";
        }
        return o;
    }

    public static final List<String> CONTRACT_VARIANTS = List.of("idp-form", "accept-json", "ra-bearer", "no-callback",
            "status-field", "providers-field");

    /** The contract variant in force, or null. */
    public String contractVariant() {
        return contractVariant;
    }

    boolean variant(String name) {
        return name.equals(contractVariant);
    }

    /** How long a Smart Flows SMS code may be checked, real seconds (default 300); 3 checks at most. */
    public SimulatorOptions otpValiditySeconds(long seconds) {
        if (seconds < 1) {
            throw new IllegalArgumentException("otpValiditySeconds must be >= 1: " + seconds);
        }
        SimulatorOptions o = copy();
        o.otpValiditySeconds = seconds;
        return o;
    }

    public long otpValiditySeconds() {
        return otpValiditySeconds;
    }

    /**
     * Target URLs expire as the guide says, in simulated time (Klarna 60 minutes; Nect 30 days unused, 60 minutes once
     * opened; Intrum 90 days): a still pending order then becomes {@code timeout}. Default true.
     */
    public SimulatorOptions targetUrlExpiry(boolean expire) {
        SimulatorOptions o = copy();
        o.targetUrlExpiry = expire;
        return o;
    }

    public boolean targetUrlExpiry() {
        return targetUrlExpiry;
    }

    /**
     * Also list and accept a method SRS might add that the product's catalogue does not know ({@code swisscom-nfc/nfc},
     * type NFC), as the guide says SRS's list "is updated regularly" (§6.1).
     */
    public SimulatorOptions newMethods(boolean offer) {
        SimulatorOptions o = copy();
        o.newMethods = offer;
        return o;
    }

    public boolean newMethods() {
        return newMethods;
    }

    public boolean variantStatusSpelling() {
        return variantStatusSpelling;
    }

    public String bindAddress() {
        return bindAddress;
    }

    public int port() {
        return port;
    }

    public double timeScale() {
        return timeScale;
    }

    public boolean legacyMethods() {
        return legacyMethods;
    }

    public long tokenTtlSeconds() {
        return tokenTtlSeconds;
    }

    public long seed() {
        return seed;
    }

    public String defaultOutcome() {
        return defaultOutcome;
    }

    /** Extra credentials given with {@link #credential(String, String)}. */
    public Map<String, String> credentials() {
        return Map.copyOf(credentials);
    }

    @Override
    public String toString() {
        return "SimulatorOptions[bind=" + bindAddress + ", port=" + port + ", timeScale=" + timeScale
                + ", legacyMethods=" + legacyMethods + ", tokenTtlSeconds=" + tokenTtlSeconds
                + ", defaultOutcome=" + defaultOutcome + ", variantStatusSpelling=" + variantStatusSpelling
                + ", raAuth=" + raAuth + ", contractVariant=" + contractVariant + ", extraCredentials=" + credentials.keySet() + "]";
    }
}
