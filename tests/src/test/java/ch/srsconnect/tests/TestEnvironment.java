package ch.srsconnect.tests;

import ch.srsconnect.local.LocalRuntime;
import ch.srsconnect.local.LocalRuntimeOptions;
import ch.srsconnect.local.WebhookReceiver;
import ch.srsconnect.local.aws.EmbeddedAws;
import ch.srsconnect.shared.config.Config;
import ch.srsconnect.shared.config.EnvVar;
import ch.srsconnect.simulator.DevPki;
import ch.srsconnect.simulator.SimulatorOptions;
import ch.srsconnect.simulator.SrsSimulator;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import ch.srsconnect.shared.store.TableDefinition;
import ch.srsconnect.tests.iam.AwsCallLog;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The one simulator and one set of embedded AWS stand-ins every test class of this JVM shares
 * (docs/decisions/0002). Started on first use, stopped when the JVM exits.
 *
 * <p>Tests must not assume an empty world: each scenario makes its own secrets (see {@link #functionEnvironment})
 * and its own callers and msisdns.
 */
public final class TestEnvironment {

    /** Simulated minutes pass in seconds: lifecycles of a few simulated minutes finish within a test. */
    public static final double TIME_SCALE = 60;

    private static TestEnvironment instance;

    private final SrsSimulator simulator;
    private final EmbeddedAws aws;
    private final SecretsManagerClient secretsManager;
    private final DynamoDbClient dynamoDb;
    private LocalRuntime localRuntime;
    private WebhookReceiver webhookReceiver;
    private SqsClient sqs;

    /** The identification table, created once from {@link TableDefinition} (the definition template.yaml mirrors). */
    public static final String IDENTIFICATION_TABLE = "srs-connect-test-identifications";

    private TestEnvironment() {
        // the RA as the template defaults to it (RaAuth=mtls: HTTPS with a client certificate of the build's dev PKI),
        // or as -Dsrsconnect.raAuth says (tests/pom.xml runs the end-to-end tests once more with bearer)
        this.simulator = SrsSimulator.start(SimulatorOptions.defaults().port(0).timeScale(TIME_SCALE).raAuth(RA_AUTH)
                .pkiDir(devPkiDirectory()));
        this.aws = EmbeddedAws.start();
        this.secretsManager = SecretsManagerClient.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .region(Region.of(aws.region()))
                .endpointOverride(aws.secretsManagerEndpoint())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .build();
        this.dynamoDb = DynamoDbClient.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .region(Region.of(aws.region()))
                .endpointOverride(aws.dynamoDbEndpoint())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .build();
        dynamoDb.createTable(TableDefinition.createTableRequest(IDENTIFICATION_TABLE));
        dynamoDb.updateTimeToLive(TableDefinition.timeToLiveRequest(IDENTIFICATION_TABLE));
        AwsCallLog.reset();
        resources().table(IDENTIFICATION_TABLE, "IdentificationTable");
    }

    /** What the functions of this JVM's tests stand for in template.yaml (for the IAM coverage check). */
    public AwsCallLog.Resources resources() {
        return AwsCallLog.resources(aws.region(), aws.accountId());
    }

    public static synchronized TestEnvironment get() {
        if (instance == null) {
            TestEnvironment env = new TestEnvironment();
            Runtime.getRuntime().addShutdownHook(new Thread(env::close, "test-environment-shutdown"));
            instance = env;
        }
        return instance;
    }

    public SrsSimulator simulator() {
        return simulator;
    }

    public EmbeddedAws aws() {
        return aws;
    }

    public SecretsManagerClient secretsManager() {
        return secretsManager;
    }

    /** A client of the embedded ElasticMQ, for assertions on queues (dead letters). */
    public synchronized SqsClient sqs() {
        if (sqs == null) {
            sqs = SqsClient.builder().httpClient(UrlConnectionHttpClient.create()).region(Region.of(aws.region()))
                    .endpointOverride(aws.sqsEndpoint())
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"))).build();
        }
        return sqs;
    }

    /** A client of the embedded DynamoDB Local, for assertions on what is stored. */
    public DynamoDbClient dynamoDb() {
        return dynamoDb;
    }

    /**
     * The local runtime on the shared simulator and stand-ins: template.yaml's resources, routes and functions (their
     * built zips, each in its own JVM under Lambda's runtime client), on a free port. Started on first use.
     */
    public synchronized LocalRuntime localRuntime() {
        if (localRuntime == null) {
            try {
                webhookReceiver = WebhookReceiver.start(0, line -> {
                    if (Boolean.getBoolean("srsconnect.verbose")) {
                        System.out.println(line);
                    }
                });
                localRuntime = LocalRuntime.start(LocalRuntimeOptions.defaults()
                        .projectRoot(projectRoot())
                        .port(0)
                        .simulator(simulator)
                        .aws(aws)
                        // the T&C flow of this API is used by the end-to-end tests (silentSms orders)
                        .parameter("TermsFlowEnabled", "true")
                        // every status change is also POSTed to a receiver of this JVM; 2 retries keep the DLQ path short
                        .webhookReceiver(webhookReceiver)
                        .parameter("WebhookMaxRetryAttempts", "2")
                        .workDir(java.nio.file.Files.createTempDirectory("srs-connect-local-runtime"))
                        .awsCallLog(AwsCallLog.directory().orElse(null))
                        .log(line -> {
                            if (Boolean.getBoolean("srsconnect.verbose")) {
                                System.out.println(line);
                            }
                        }));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            resources().ofStack(localRuntime.resolver(), projectRoot().resolve("template.yaml"));
        }
        return localRuntime;
    }

    /** The receiver the shared local runtime's WebhookUrl points to (started with it). */
    public WebhookReceiver webhookReceiver() {
        localRuntime();
        return webhookReceiver;
    }

    /** The RA authentication of this test JVM: {@code mtls} (the template's default) unless {@code -Dsrsconnect.raAuth}. */
    public static final String RA_AUTH = System.getProperty("srsconnect.raAuth", "mtls");

    /** The dev PKI of the simulator's mTLS RA: in the build directory, generated on the first run after a clean. */
    public static Path devPkiDirectory() {
        return projectRoot().resolve("tests/target/dev-pki");
    }

    /** The RA client certificate secret's value for the shared simulator's mTLS RA. */
    public String raClientCertificateSecret() {
        return simulator.devPki().orElseThrow().clientSecretJson();
    }

    /** The repository root (set by tests/pom.xml). */
    public static Path projectRoot() {
        String root = System.getProperty("srsconnect.projectRoot");
        return root == null ? Path.of("..").toAbsolutePath().normalize() : Path.of(root);
    }

    /** Creates a secret in the Secrets Manager stand-in and returns its ARN. */
    public String createSecret(String name, String value) {
        return secretsManager.createSecret(r -> r.name(name).secretString(value)).arn();
    }

    /** Creates a secret that stands for template.yaml's secret {@code logicalId} in the functions' environment. */
    public String createSecret(String name, String value, String logicalId) {
        String arn = createSecret(name, value);
        resources().secret(arn, logicalId);
        return arn;
    }

    /**
     * What template.yaml gives a function, pointed at the shared simulator and stand-ins, with a fresh
     * credentials secret and fresh token-cache secrets named after {@code scenario}: scenarios never share a
     * token cache unless they pass the same name.
     */
    public Map<String, String> functionEnvironment(String scenario) {
        String unique = scenario + "-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> env = new HashMap<>(aws.endpointEnvironment());
        env.put(EnvVar.SRS_BASE_URL, simulator.baseUrl().toString());
        env.put(EnvVar.IDP_TOKEN_URL, simulator.baseUrl().resolve("/oauth/token").toString());
        env.put(EnvVar.RA_BASE_URL, simulator.raBaseUrl().toString());
        env.put(EnvVar.RA_AUTH, RA_AUTH);
        env.put(EnvVar.RA_CLIENT_CERTIFICATE_SECRET_ID, createSecret(unique + "/ra-client-certificate",
                simulator.devPki().map(DevPki::clientSecretJson).orElse("{}"), "RaClientCertificateSecret"));
        env.put(EnvVar.SMARTFLOWS_BASE_URL, simulator.baseUrl().toString());
        env.put(EnvVar.SRS_CREDENTIALS_SECRET_ID, createSecret(unique + "/credentials",
                "{\"clientId\":\"missswaggerclient\",\"clientSecret\":\"missswaggerclientsecret\"}", "SrsCredentialsSecret"));
        env.put(EnvVar.SRS_TOKEN_CACHE_SECRET_ID, createSecret(unique + "/token-cache/miss", "{}", "SrsTokenCacheSecret"));
        env.put(EnvVar.SMARTFLOWS_TOKEN_CACHE_SECRET_ID,
                createSecret(unique + "/token-cache/smartflow", "{}", "SmartFlowsTokenCacheSecret"));
        AwsCallLog.directory().ifPresent(dir -> {
            env.put(EnvVar.SRS_CONNECT_AWS_CALL_LOG, dir.toString());
            env.put(EnvVar.SRS_CONNECT_AWS_CALL_ACCOUNT, aws.accountId());
        });
        env.put(TableDefinition.TABLE_NAME_ENV, IDENTIFICATION_TABLE);
        env.put(EnvVar.LOG_LEVEL, "WARN");
        return env;
    }

    public Config config(String scenario) {
        return Config.of(functionEnvironment(scenario));
    }

    private synchronized void close() {
        if (localRuntime != null) {
            localRuntime.close();
        }
        if (webhookReceiver != null) {
            webhookReceiver.close();
        }
        secretsManager.close();
        if (sqs != null) {
            sqs.close();
        }
        dynamoDb.close();
        aws.close();
        simulator.close();
    }
}
