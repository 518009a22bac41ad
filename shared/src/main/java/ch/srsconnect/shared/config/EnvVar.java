package ch.srsconnect.shared.config;

import java.util.List;

/**
 * Every environment variable srs-connect reads, in one place (names as in {@code docs/development.md}).
 * A template test checks that template.yaml sets each of {@link #SET_BY_TEMPLATE} for the functions that read it.
 */
public final class EnvVar {
    private EnvVar() {}

    /** SRS API base URL. Required. */
    public static final String SRS_BASE_URL = "SRS_BASE_URL";
    /** OAuth2 token endpoint (full URL). Required. */
    public static final String IDP_TOKEN_URL = "IDP_TOKEN_URL";
    /** RA lookup/verify base URL. Required by functions that call RA. */
    public static final String RA_BASE_URL = "RA_BASE_URL";
    /** How the RA lookup authenticates: {@code mtls} (default), {@code bearer}, {@code none} (decision 0052). */
    public static final String RA_AUTH = "RA_AUTH";
    /** Secret id of the SP's AIS client certificate and key for {@code RA_AUTH=mtls} (see RaConnection). */
    public static final String RA_CLIENT_CERTIFICATE_SECRET_ID = "RA_CLIENT_CERTIFICATE_SECRET_ID";
    /**
     * Mock orders (issuer {@code test}) only change at SRS when {@code GET /api/identifications/{refId}/callback} is
     * called (guide §4): the poller calls it before reading their status. Default true; the template sets false in prod.
     */
    public static final String SRS_TEST_CALLBACK = "SRS_TEST_CALLBACK";
    /** How the client id/secret reach the IdP: {@code basic} (default; Smart Flows guide) or {@code form} (Postman). */
    public static final String IDP_CLIENT_AUTH = "IDP_CLIENT_AUTH";
    /** Overrides of the Accept header per call: {@code <endpoint label>=<media type>;...} (SwisscomContract). */
    public static final String SWISSCOM_ACCEPT = "SWISSCOM_ACCEPT";
    /** What says "the user can sign": {@code ra} (the RA lookup, default) or {@code smartflows} (no RA access). */
    public static final String LOOKUP_SOURCE = "LOOKUP_SOURCE";
    /** Smart Flows base URL. Required by terms. */
    public static final String SMARTFLOWS_BASE_URL = "SMARTFLOWS_BASE_URL";
    /** Secret id of {@code {"clientId","clientSecret"}}. Required. */
    public static final String SRS_CREDENTIALS_SECRET_ID = "SRS_CREDENTIALS_SECRET_ID";
    /** Secret id of the token cache for scope {@code miss}. Required. */
    public static final String SRS_TOKEN_CACHE_SECRET_ID = "SRS_TOKEN_CACHE_SECRET_ID";
    /** Secret id of the token cache for scope {@code smartflow}. Required by terms. */
    public static final String SMARTFLOWS_TOKEN_CACHE_SECRET_ID = "SMARTFLOWS_TOKEN_CACHE_SECRET_ID";
    /** A cached token with less life left than this is refreshed. Seconds, default 120. */
    public static final String TOKEN_REFRESH_SKEW_SECONDS = "TOKEN_REFRESH_SKEW_SECONDS";
    /** Connect timeout towards Swisscom. Milliseconds, default 2000. */
    public static final String SRS_CONNECT_TIMEOUT_MS = "SRS_CONNECT_TIMEOUT_MS";
    /** Request timeout towards Swisscom. Milliseconds, default 8000. */
    public static final String SRS_REQUEST_TIMEOUT_MS = "SRS_REQUEST_TIMEOUT_MS";
    /** Attempts for idempotent calls on 5xx/429/IO errors. Default 3. */
    public static final String SRS_MAX_ATTEMPTS = "SRS_MAX_ATTEMPTS";
    /** Per-container cache of SRS's method list. Seconds, default 300. */
    public static final String METHODS_CACHE_TTL_SECONDS = "METHODS_CACHE_TTL_SECONDS";
    /**
     * {@code true} when the SP runs T&C acceptance through Smart Flows (the terms function): only then does
     * {@code POST /identifications} accept {@code silentSms} (SRS sends no T&C SMS). Default false.
     */
    public static final String TERMS_FLOW_ENABLED = "TERMS_FLOW_ENABLED";
    /** Terms: how long a sent phone OTP may be checked. Seconds, default 300. */
    public static final String PHONE_OTP_VALIDITY_SECONDS = "PHONE_OTP_VALIDITY_SECONDS";
    /** Terms: code checks per phone verification before it is exhausted. Default 3. */
    public static final String PHONE_OTP_MAX_ATTEMPTS = "PHONE_OTP_MAX_ATTEMPTS";
    /** Terms: window of the OTP send limits. Seconds, default 900. */
    public static final String PHONE_OTP_RATE_WINDOW_SECONDS = "PHONE_OTP_RATE_WINDOW_SECONDS";
    /** Terms: OTPs sent to one number per window, whoever asks. Default 3. */
    public static final String PHONE_OTP_MAX_PER_MSISDN = "PHONE_OTP_MAX_PER_MSISDN";
    /** Terms: OTPs one caller may have sent per window. Default 30. */
    public static final String PHONE_OTP_MAX_PER_CALLER = "PHONE_OTP_MAX_PER_CALLER";
    /** Terms: how long a number proved by OTP counts as the caller's. Seconds, default 86400. */
    public static final String PHONE_PROOF_VALIDITY_SECONDS = "PHONE_PROOF_VALIDITY_SECONDS";
    /** DEBUG, INFO, WARN, ERROR. Default INFO. */
    public static final String LOG_LEVEL = "LOG_LEVEL";

    /** DynamoDB identification table (decision 0005). Required by functions that use it. */
    public static final String IDENTIFICATION_TABLE_NAME = "IDENTIFICATION_TABLE_NAME";
    /** JWT claim that identifies the caller (owner of identifications). Default {@code sub}. */
    public static final String OWNER_CLAIM = "OWNER_CLAIM";
    /** Cancel the caller's earlier pending orders for the same msisdn before a new order (the guide requires it). Default true. */
    public static final String CANCEL_EARLIER_PENDING_ORDERS = "CANCEL_EARLIER_PENDING_ORDERS";
    /** Days an identification is kept after creation (DynamoDB TTL). Default 90. */
    public static final String IDENTIFICATION_RETENTION_DAYS = "IDENTIFICATION_RETENTION_DAYS";
    /** Shards of the due-poll index; new items get {@code pollShardOf(id, POLL_SHARDS)}. Default 4. */
    public static final String POLL_SHARDS = "POLL_SHARDS";
    /** Polling engine (docs/decisions/0020): queue URL, due-index shards, scheduler tick, lease, bounded work. */
    public static final String POLL_QUEUE_URL = "POLL_QUEUE_URL";
    public static final String POLL_TICK_SECONDS = "POLL_TICK_SECONDS";
    public static final String POLL_LEASE_SECONDS = "POLL_LEASE_SECONDS";
    public static final String POLL_MAX_ITEMS_PER_TICK = "POLL_MAX_ITEMS_PER_TICK";
    public static final String POLL_TRACKING_LIMIT_HOURS = "POLL_TRACKING_LIMIT_HOURS";
    public static final String POLL_LOOKUP_DEADLINE_MINUTES = "POLL_LOOKUP_DEADLINE_MINUTES";
    public static final String POLL_MAX_RECEIVE_COUNT = "POLL_MAX_RECEIVE_COUNT";
    /** Status-change events: bus name and event source. */
    public static final String STATUS_EVENT_BUS_NAME = "STATUS_EVENT_BUS_NAME";
    public static final String STATUS_EVENT_SOURCE = "STATUS_EVENT_SOURCE";
    /** The webhook's signing secret (template WebhookSigningSecret); empty: no webhook, events are not signed. */
    public static final String WEBHOOK_SIGNING_SECRET_ID = "WEBHOOK_SIGNING_SECRET_ID";
    /** Local runtime, tests and benchmark only: divides poll-plan durations; {@code naive} polls every 30 s. */
    public static final String POLL_TIME_SCALE = "POLL_TIME_SCALE";
    public static final String POLL_POLICY = "POLL_POLICY";
    /**
     * Local runtime and tests only: a directory where every AWS SDK call is recorded for the IAM coverage check
     * ({@link ch.srsconnect.shared.aws.AwsCallRecorder}); never set in AWS. The account of the recorded ARNs.
     */
    public static final String SRS_CONNECT_AWS_CALL_LOG = "SRS_CONNECT_AWS_CALL_LOG";
    public static final String SRS_CONNECT_AWS_CALL_ACCOUNT = "SRS_CONNECT_AWS_CALL_ACCOUNT";

    /** Set by Lambda itself. */
    public static final String AWS_REGION = "AWS_REGION";
    /** The SDK's standard endpoint overrides: never set in AWS; set by the local runtime and tests. */
    public static final String AWS_ENDPOINT_URL_SECRETS_MANAGER = "AWS_ENDPOINT_URL_SECRETS_MANAGER";
    public static final String AWS_ENDPOINT_URL_DYNAMODB = "AWS_ENDPOINT_URL_DYNAMODB";
    public static final String AWS_ENDPOINT_URL_SQS = "AWS_ENDPOINT_URL_SQS";
    public static final String AWS_ENDPOINT_URL_EVENTBRIDGE = "AWS_ENDPOINT_URL_EVENTBRIDGE";
    /** Execution-role credentials, set by Lambda (the local runtime sets dummy ones). */
    public static final String AWS_ACCESS_KEY_ID = "AWS_ACCESS_KEY_ID";
    public static final String AWS_SECRET_ACCESS_KEY = "AWS_SECRET_ACCESS_KEY";
    public static final String AWS_SESSION_TOKEN = "AWS_SESSION_TOKEN";
    /** Set by Lambda: {@code snap-start} while a SnapStart function initializes for its snapshot (decision 0056). */
    public static final String AWS_LAMBDA_INITIALIZATION_TYPE = "AWS_LAMBDA_INITIALIZATION_TYPE";

    /** Defaults (documented in docs/development.md). */
    public static final int DEFAULT_TOKEN_REFRESH_SKEW_SECONDS = 120;
    public static final int DEFAULT_SRS_CONNECT_TIMEOUT_MS = 2000;
    public static final int DEFAULT_SRS_REQUEST_TIMEOUT_MS = 8000;
    public static final int DEFAULT_SRS_MAX_ATTEMPTS = 3;
    public static final int DEFAULT_METHODS_CACHE_TTL_SECONDS = 300;
    public static final String DEFAULT_LOG_LEVEL = "INFO";
    public static final boolean DEFAULT_TERMS_FLOW_ENABLED = false;
    public static final boolean DEFAULT_SRS_TEST_CALLBACK = true;
    public static final int DEFAULT_PHONE_OTP_VALIDITY_SECONDS = 300;
    public static final int DEFAULT_PHONE_OTP_MAX_ATTEMPTS = 3;
    public static final int DEFAULT_PHONE_OTP_RATE_WINDOW_SECONDS = 900;
    public static final int DEFAULT_PHONE_OTP_MAX_PER_MSISDN = 3;
    public static final int DEFAULT_PHONE_OTP_MAX_PER_CALLER = 30;
    public static final int DEFAULT_PHONE_PROOF_VALIDITY_SECONDS = 86400;
    public static final String DEFAULT_OWNER_CLAIM = "sub";
    public static final int DEFAULT_IDENTIFICATION_RETENTION_DAYS = 90;
    public static final int DEFAULT_POLL_SHARDS = 4;

    /** Variables template.yaml sets (each function gets the subset it reads). */
    public static final List<String> SET_BY_TEMPLATE = List.of(
            SRS_BASE_URL, IDP_TOKEN_URL, IDP_CLIENT_AUTH, SWISSCOM_ACCEPT, RA_BASE_URL, RA_AUTH,
            RA_CLIENT_CERTIFICATE_SECRET_ID, SRS_TEST_CALLBACK, LOOKUP_SOURCE,
            SMARTFLOWS_BASE_URL,
            SRS_CREDENTIALS_SECRET_ID, SRS_TOKEN_CACHE_SECRET_ID, SMARTFLOWS_TOKEN_CACHE_SECRET_ID,
            TOKEN_REFRESH_SKEW_SECONDS, SRS_CONNECT_TIMEOUT_MS, SRS_REQUEST_TIMEOUT_MS, SRS_MAX_ATTEMPTS,
            METHODS_CACHE_TTL_SECONDS, LOG_LEVEL,
            IDENTIFICATION_TABLE_NAME, OWNER_CLAIM, CANCEL_EARLIER_PENDING_ORDERS, IDENTIFICATION_RETENTION_DAYS,
            POLL_SHARDS, TERMS_FLOW_ENABLED, PHONE_OTP_VALIDITY_SECONDS, PHONE_OTP_MAX_ATTEMPTS,
            PHONE_OTP_RATE_WINDOW_SECONDS, PHONE_OTP_MAX_PER_MSISDN, PHONE_OTP_MAX_PER_CALLER, PHONE_PROOF_VALIDITY_SECONDS,
            POLL_QUEUE_URL, POLL_TICK_SECONDS, POLL_LEASE_SECONDS,
            POLL_MAX_ITEMS_PER_TICK, POLL_TRACKING_LIMIT_HOURS, POLL_LOOKUP_DEADLINE_MINUTES, POLL_MAX_RECEIVE_COUNT,
            STATUS_EVENT_BUS_NAME, STATUS_EVENT_SOURCE, WEBHOOK_SIGNING_SECRET_ID);

    /** Variables set by the Lambda runtime, the local runtime or tests — never by template.yaml. */
    public static final List<String> SET_BY_RUNTIME = List.of(
            AWS_REGION, AWS_ENDPOINT_URL_SECRETS_MANAGER, AWS_ENDPOINT_URL_DYNAMODB, AWS_ENDPOINT_URL_SQS,
            AWS_ENDPOINT_URL_EVENTBRIDGE, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN,
            AWS_LAMBDA_INITIALIZATION_TYPE, POLL_TIME_SCALE, POLL_POLICY, SRS_CONNECT_AWS_CALL_LOG, SRS_CONNECT_AWS_CALL_ACCOUNT);

    /** Variables the shared platform (config, logs, token cache, SRS client) reads in every function that calls SRS. */
    public static final List<String> READ_BY_SRS_PLATFORM = List.of(
            SRS_BASE_URL, IDP_TOKEN_URL, IDP_CLIENT_AUTH, SWISSCOM_ACCEPT, RA_AUTH, LOOKUP_SOURCE, SRS_CREDENTIALS_SECRET_ID,
            SRS_TOKEN_CACHE_SECRET_ID,
            TOKEN_REFRESH_SKEW_SECONDS, SRS_CONNECT_TIMEOUT_MS, SRS_REQUEST_TIMEOUT_MS, SRS_MAX_ATTEMPTS, LOG_LEVEL);
}
