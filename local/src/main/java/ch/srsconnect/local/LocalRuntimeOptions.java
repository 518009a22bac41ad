package ch.srsconnect.local;

import ch.srsconnect.local.aws.EmbeddedAws;
import ch.srsconnect.simulator.SrsSimulator;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Options of the local runtime (immutable; each wither returns a copy). Defaults: port 3000, template.yaml,
 * time scale 1, lazy function start, one JVM per function, work dir {@code <project>/.local-runtime},
 * a simulator and embedded AWS stand-ins of its own, logs to stdout.
 */
public final class LocalRuntimeOptions {

    public static final String STACK_NAME = "srs-connect-local";

    private Path projectRoot = Path.of(".");
    private int port = 3000;
    private String template = "template.yaml";
    private double timeScale = 1;
    private Map<String, String> parameters = Map.of();
    private boolean startWebhookReceiver;
    private WebhookReceiver webhookReceiver;
    private Map<String, String> secrets = Map.of();
    private boolean eager;
    private int instancesPerFunction = 1;
    private SrsSimulator simulator;
    private EmbeddedAws aws;
    private Path workDir;
    private Consumer<String> log = System.out::println;
    private FunctionLogs functionLogs = FunctionLogs.ALL;
    private Path awsCallLog;
    private boolean eventSources = true;

    /** Which lines of the function JVMs reach the log: all of them, or only WARN/ERROR and anything not a JSON log line. */
    public enum FunctionLogs { ALL, WARN }

    private LocalRuntimeOptions() {}

    public static LocalRuntimeOptions defaults() {
        return new LocalRuntimeOptions();
    }

    private LocalRuntimeOptions copy() {
        LocalRuntimeOptions o = new LocalRuntimeOptions();
        o.projectRoot = projectRoot;
        o.port = port;
        o.template = template;
        o.timeScale = timeScale;
        o.parameters = parameters;
        o.secrets = secrets;
        o.eager = eager;
        o.instancesPerFunction = instancesPerFunction;
        o.simulator = simulator;
        o.aws = aws;
        o.workDir = workDir;
        o.log = log;
        o.functionLogs = functionLogs;
        o.awsCallLog = awsCallLog;
        o.eventSources = eventSources;
        o.webhookReceiver = webhookReceiver;
        o.startWebhookReceiver = startWebhookReceiver;
        return o;
    }

    /**
     * {@code --webhook-receiver}: start a {@link WebhookReceiver} on a free port and set WebhookUrl to it (unless
     * {@code --param WebhookUrl=...} names another), so that every status change is delivered, verified and printed.
     */
    public LocalRuntimeOptions startWebhookReceiver(boolean start) {
        LocalRuntimeOptions o = copy();
        o.startWebhookReceiver = start;
        return o;
    }

    /** Tests: a receiver of the caller's (not closed by the runtime) that WebhookUrl points to. */
    public LocalRuntimeOptions webhookReceiver(WebhookReceiver receiver) {
        LocalRuntimeOptions o = copy();
        o.webhookReceiver = receiver;
        return o;
    }

    public boolean startWebhookReceiver() { return startWebhookReceiver; }
    public WebhookReceiver webhookReceiver() { return webhookReceiver; }

    /** The repository: template and CodeUri paths are relative to it. */
    public LocalRuntimeOptions projectRoot(Path projectRoot) {
        LocalRuntimeOptions o = copy();
        o.projectRoot = projectRoot;
        return o;
    }

    /** Gateway port on localhost (0: any free port). */
    public LocalRuntimeOptions port(int port) {
        LocalRuntimeOptions o = copy();
        o.port = port;
        return o;
    }

    /** Template path, relative to the project root unless absolute. */
    public LocalRuntimeOptions template(String template) {
        LocalRuntimeOptions o = copy();
        o.template = template;
        return o;
    }

    /** Passed to the simulator it starts: 60 = one simulated minute per second. */
    public LocalRuntimeOptions timeScale(double timeScale) {
        if (timeScale <= 0) throw new IllegalArgumentException("time scale must be > 0");
        LocalRuntimeOptions o = copy();
        o.timeScale = timeScale;
        return o;
    }

    /** Adds a template parameter override ({@code --param Name=Value}); wins over the local runtime's own. */
    public LocalRuntimeOptions parameter(String name, String value) {
        LocalRuntimeOptions o = copy();
        Map<String, String> m = new LinkedHashMap<>(parameters);
        m.put(name, value);
        o.parameters = Map.copyOf(m);
        return o;
    }

    /** SecretString for a template secret ({@code --secret LogicalId=json}). */
    public LocalRuntimeOptions secret(String logicalId, String secretString) {
        LocalRuntimeOptions o = copy();
        Map<String, String> m = new LinkedHashMap<>(secrets);
        m.put(logicalId, secretString);
        o.secrets = Map.copyOf(m);
        return o;
    }

    /** Start every function JVM at start-up rather than on its first invoke. */
    public LocalRuntimeOptions eager(boolean eager) {
        LocalRuntimeOptions o = copy();
        o.eager = eager;
        return o;
    }

    /** Concurrent JVMs per function (requests beyond wait for a free one). */
    public LocalRuntimeOptions instancesPerFunction(int n) {
        if (n < 1) throw new IllegalArgumentException("instances must be >= 1");
        LocalRuntimeOptions o = copy();
        o.instancesPerFunction = n;
        return o;
    }

    /** Use this running simulator (not closed by the runtime) instead of starting one. */
    public LocalRuntimeOptions simulator(SrsSimulator simulator) {
        LocalRuntimeOptions o = copy();
        o.simulator = simulator;
        return o;
    }

    /** Use these running stand-ins (not closed by the runtime) instead of starting them. */
    public LocalRuntimeOptions aws(EmbeddedAws aws) {
        LocalRuntimeOptions o = copy();
        o.aws = aws;
        return o;
    }

    /** Where zips are unpacked and the dev JWT key lives; default {@code <project>/.local-runtime}. */
    public LocalRuntimeOptions workDir(Path workDir) {
        LocalRuntimeOptions o = copy();
        o.workDir = workDir;
        return o;
    }

    /** Receives the runtime's own lines and every function JVM line (prefixed with the function name). */
    public LocalRuntimeOptions log(Consumer<String> log) {
        LocalRuntimeOptions o = copy();
        o.log = log;
        return o;
    }

    /** {@code --function-logs warn}: drop the functions' DEBUG/INFO JSON lines and metric (EMF) lines. */
    public LocalRuntimeOptions functionLogs(FunctionLogs functionLogs) {
        LocalRuntimeOptions o = copy();
        o.functionLogs = functionLogs;
        return o;
    }

    /**
     * {@code --record-aws-calls DIR}: every function records its AWS SDK calls there (SRS_CONNECT_AWS_CALL_LOG), for
     * the IAM coverage check of the test suite.
     */
    public LocalRuntimeOptions awsCallLog(Path directory) {
        LocalRuntimeOptions o = copy();
        o.awsCallLog = directory;
        return o;
    }

    public Optional<Path> awsCallLog() { return Optional.ofNullable(awsCallLog); }

    /** {@code false}: no schedules and no SQS pollers invoke the functions (./dev invoke runs one event, nothing else). */
    public LocalRuntimeOptions eventSources(boolean eventSources) {
        LocalRuntimeOptions o = copy();
        o.eventSources = eventSources;
        return o;
    }

    public boolean eventSources() { return eventSources; }
    public FunctionLogs functionLogs() { return functionLogs; }
    public Path projectRoot() { return projectRoot; }
    public int port() { return port; }
    public Path templatePath() { return projectRoot.resolve(template); }
    public double timeScale() { return timeScale; }
    public Map<String, String> parameters() { return parameters; }
    public Map<String, String> secrets() { return secrets; }
    public boolean eager() { return eager; }
    public int instancesPerFunction() { return instancesPerFunction; }
    public SrsSimulator simulator() { return simulator; }
    public EmbeddedAws aws() { return aws; }
    public Path workDir() { return workDir != null ? workDir : projectRoot.resolve(".local-runtime"); }
    public Consumer<String> log() { return log; }
}
