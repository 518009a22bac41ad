package ch.srsconnect.local;

import ch.srsconnect.local.aws.EmbeddedAws;
import ch.srsconnect.local.events.ScheduleSource;
import ch.srsconnect.local.events.SqsEventSource;
import ch.srsconnect.local.gateway.HttpApiGateway;
import ch.srsconnect.local.gateway.Route;
import ch.srsconnect.local.jwt.JwtValidator;
import ch.srsconnect.local.jwt.LocalJwtIssuer;
import ch.srsconnect.local.lambda.FunctionSpec;
import ch.srsconnect.local.lambda.InvocationStat;
import ch.srsconnect.local.lambda.LambdaFunction;
import ch.srsconnect.local.lambda.LambdaRuntimeOptions;
import ch.srsconnect.local.resources.StackResources;
import ch.srsconnect.local.template.CfnResolver;
import ch.srsconnect.local.template.CfnYaml;
import ch.srsconnect.local.template.TemplateException;
import ch.srsconnect.simulator.SimulatorOptions;
import ch.srsconnect.simulator.SrsSimulator;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;

/**
 * The one-command local runtime: reads template.yaml, starts the SRS simulator and the embedded AWS stand-ins,
 * creates the declared tables/queues/secrets/buses, runs every function in its own JVM through Lambda's runtime
 * client, and serves the HttpApi routes (JWT authorizer enforced) on localhost.
 *
 * <p>Embedded use: {@code try (LocalRuntime rt = LocalRuntime.start(LocalRuntimeOptions.defaults()...)) { ... }}.
 */
public final class LocalRuntime implements AutoCloseable {

    public static final String LOCAL_AUDIENCE = "srs-connect-local";
    public static final String DEFAULT_SRS_CREDENTIALS = "{\"clientId\":\"missswaggerclient\",\"clientSecret\":\"missswaggerclientsecret\"}";
    private static final String API_ID = "localapi";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final LocalRuntimeOptions options;
    private final Consumer<String> log;
    private final List<AutoCloseable> owned = new ArrayList<>();
    private final Map<String, LambdaFunction> functions = new LinkedHashMap<>();
    private final List<String> notEmulated = new ArrayList<>();
    private final List<String> created = new ArrayList<>();
    private SrsSimulator simulator;
    private EmbeddedAws aws;
    private HttpApiGateway gateway;
    private LocalJwtIssuer issuer;
    private CfnResolver resolver;

    private static final String RA_AUTH = "RaAuth";
    private static final String RA_CERTIFICATE_SECRET = "RaClientCertificateSecret";

    private LocalRuntime(LocalRuntimeOptions options) {
        this.options = options;
        this.log = options.log();
    }

    /** Starts everything; on failure, whatever was started is stopped again and the cause is thrown. */
    public static LocalRuntime start(LocalRuntimeOptions options) {
        LocalRuntime rt = new LocalRuntime(options);
        try {
            rt.boot();
            return rt;
        } catch (RuntimeException e) {
            rt.close();
            throw e;
        }
    }

    private Map<String, Object> template;

    private void boot() {
        template = CfnYaml.load(options.templatePath());
        if (options.simulator() != null) {
            simulator = options.simulator();
        } else {
            // the RA authenticates as the deployed stack would (template default RaAuth=mtls: the dev PKI's certificate)
            String raAuth = options.parameters().getOrDefault(RA_AUTH, parameterDefault(template, RA_AUTH, "mtls"));
            simulator = SrsSimulator.start(SimulatorOptions.defaults().port(0).timeScale(options.timeScale())
                    .raAuth(raAuth).pkiDir(options.workDir().resolve("dev-pki")));
            owned.add(simulator);
        }
        if (options.aws() != null) {
            aws = options.aws();
        } else {
            aws = EmbeddedAws.start();
            owned.add(aws);
        }
        gateway = new HttpApiGateway(options.port(), API_ID, aws.accountId(), log);
        owned.add(gateway);
        issuer = LocalJwtIssuer.create(gateway.baseUrl() + "/local", LOCAL_AUDIENCE, options.workDir().resolve("keys"));
        gateway.serveLocalIssuer(issuer);
        gateway.serveLocalStats(this::statsJson);
        gateway.serveLocal("/local/events", query -> LocalEndpoints.events(aws.eventBridge(), query));
        gateway.serveLocal("/openapi.yaml", query -> LocalEndpoints.openApiYaml(options.projectRoot()));
        gateway.serveLocal("/openapi.json", query -> LocalEndpoints.openApiJson(options.projectRoot()));
        try {
            webPaths = LocalEndpoints.serveWeb(gateway, options.projectRoot());
        } catch (IOException e) {
            throw new UncheckedIOException("web/ could not be read", e);
        }
        owned.add(aws.eventBridge().onEvent(e -> log.accept(LocalEndpoints.eventLine(e))));
        startWebhookReceiver();

        resolver = new CfnResolver(template, parameterOverrides(template),
                new CfnResolver.Pseudo(aws.region(), aws.accountId(), LocalRuntimeOptions.STACK_NAME));

        stack = new StackResources(aws, LocalRuntimeOptions.STACK_NAME);
        owned.add(stack);
        Map<String, String> secretValues = new LinkedHashMap<>();
        if (isType(template, "SrsCredentialsSecret", "AWS::SecretsManager::Secret")) {
            secretValues.put("SrsCredentialsSecret", DEFAULT_SRS_CREDENTIALS);
        }
        if (isType(template, RA_CERTIFICATE_SECRET, "AWS::SecretsManager::Secret")) {
            simulator.devPki().ifPresent(pki -> secretValues.put(RA_CERTIFICATE_SECRET, pki.clientSecretJson()));
        }
        secretValues.putAll(options.secrets());
        StackResources.Report report = stack.create(template, resolver, secretValues);
        created.addAll(report.created());
        notEmulated.addAll(report.notEmulated());
        configureWebhook();

        Map<String, Object> resources = section(template, "Resources");
        // names first: function environments may refer to functions and APIs
        resources.forEach((id, r) -> {
            Map<String, Object> res = map(r);
            if (!resolver.included(res)) return;
            String type = String.valueOf(res.get("Type"));
            if (type.equals("AWS::Serverless::Function")) {
                Map<String, Object> props = map(res.getOrDefault("Properties", Map.of()));
                String name = props.containsKey("FunctionName")
                        ? resolver.resolveString(props.get("FunctionName"), id + ".FunctionName")
                        : LocalRuntimeOptions.STACK_NAME + "-" + id;
                resolver.register(id, new CfnResolver.Physical(name, Map.of("Arn",
                        "arn:aws:lambda:" + aws.region() + ":" + aws.accountId() + ":function:" + name)));
            } else if (type.equals("AWS::Serverless::HttpApi")) {
                resolver.register(id, new CfnResolver.Physical(API_ID, Map.of("ApiEndpoint", gateway.baseUrl(), "ApiId", API_ID)));
            }
        });
        resources.forEach((id, r) -> {
            Map<String, Object> res = map(r);
            if (resolver.included(res) && "AWS::Serverless::HttpApi".equals(res.get("Type"))) {
                declareAuthorizers(id, apiAuth(template, res));
            }
        });
        resources.forEach((id, r) -> {
            Map<String, Object> res = map(r);
            if (resolver.included(res) && "AWS::Serverless::Function".equals(res.get("Type"))) {
                function(template, id, res);
            }
        });
        if (options.eventSources()) eventSourceStarters.forEach(Runnable::run);
        if (options.eager()) functions.values().parallelStream().forEach(LambdaFunction::prestart);
        printBanner(template);
    }

    // ---------------------------------------------------------------- webhook (WebhookUrl, docs/webhooks.md)

    private List<String> webPaths = List.of();
    private static final String WEBHOOK_URL = "WebhookUrl";
    private static final String WEBHOOK_SIGNING_SECRET = "WebhookSigningSecret";
    private WebhookReceiver webhookReceiver;

    private void startWebhookReceiver() {
        webhookReceiver = options.webhookReceiver();
        if (webhookReceiver == null && options.startWebhookReceiver()) {
            try {
                webhookReceiver = WebhookReceiver.start(0, log);
            } catch (IOException e) {
                throw new UncheckedIOException("the webhook receiver did not start", e);
            }
            owned.add(webhookReceiver);
        }
        // EventBridge's retries on the runtime's clock: the first after 1 simulated second
        aws.eventBridge().firstRetryDelay(Duration.ofNanos((long) (1e9 / simulator.options().timeScale())));
        owned.add(aws.eventBridge().onDelivery(a -> {
            if (a.status() < 200 || a.status() > 299) {
                log.accept("webhook: event " + a.eventId() + " attempt " + a.attempt() + " failed ("
                        + (a.error() != null ? a.error() : "HTTP " + a.status()) + "): " + a.next());
            }
        }));
    }

    /** The receiver verifies with the stack's signing secret, tolerating the retry window (WebhookMaxEventAgeSeconds). */
    private void configureWebhook() {
        CfnResolver.Physical signing = resolver.physical(WEBHOOK_SIGNING_SECRET);
        if (webhookReceiver == null || signing == null) return;   // no webhook in this template or with these parameters
        String secret = stack.secretsManager().getSecretValue(b -> b.secretId(signing.ref())).secretString();
        long maxAge = Long.parseLong(String.valueOf(resolver.parameters().getOrDefault("WebhookMaxEventAgeSeconds", "3600")));
        webhookReceiver.signingSecret(secret, Duration.ofSeconds(maxAge + 300));
    }

    /** The receiver WebhookUrl points to, when the runtime has one ({@code --webhook-receiver} or a test's). */
    public Optional<WebhookReceiver> webhookReceiver() {
        return Optional.ofNullable(webhookReceiver);
    }

    private Map<String, String> parameterOverrides(Map<String, Object> template) {
        Map<String, Object> declared = section(template, "Parameters");
        String base = simulator.baseUrl().toString().replaceAll("/$", "");
        Map<String, String> local = new LinkedHashMap<>();
        local.put("SrsBaseUrl", base);
        local.put("IdpTokenUrl", base + "/oauth/token");
        local.put("RaBaseUrl", simulator.raBaseUrl().toString().replaceAll("/$", ""));
        local.put(RA_AUTH, simulator.options().raAuth());
        local.put("SmartFlowsBaseUrl", base);
        local.put("JwtIssuer", issuer.issuer());
        local.put("JwtAudience", LOCAL_AUDIENCE);
        Map<String, String> out = new LinkedHashMap<>();
        local.forEach((k, v) -> {
            if (declared.containsKey(k)) out.put(k, v);
        });
        if (webhookReceiver != null && declared.containsKey(WEBHOOK_URL)) out.put(WEBHOOK_URL, webhookReceiver.url().toString());
        if (declared.get("Stage") instanceof Map<?, ?> stage && !stage.containsKey("Default")) out.put("Stage", "dev");
        out.putAll(options.parameters());
        return out;
    }

    // ---------------------------------------------------------------- HttpApi and functions

    private final Map<String, Map<String, Object>> apiAuth = new LinkedHashMap<>();

    private Map<String, Object> apiAuth(Map<String, Object> template, Map<String, Object> api) {
        Object globalAuth = map(section(template, "Globals").getOrDefault("HttpApi", Map.of())).get("Auth");
        Object auth = map(api.getOrDefault("Properties", Map.of())).get("Auth");
        if (auth == null) auth = globalAuth;
        return auth == null ? Map.of() : map(resolver.resolve(auth));
    }

    private void declareAuthorizers(String apiId, Map<String, Object> auth) {
        apiAuth.put(apiId, auth);
        Map<String, Object> authorizers = map(auth.getOrDefault("Authorizers", Map.of()));
        authorizers.forEach((name, a) -> {
            Map<String, Object> authorizer = map(a);
            if (!authorizer.containsKey("JwtConfiguration")) {
                notEmulated.add(apiId + " authorizer " + name + " (Lambda authorizer)");
                return;
            }
            Map<String, Object> jwt = map(authorizer.get("JwtConfiguration"));
            String iss = String.valueOf(jwt.get("issuer"));
            Object aud = jwt.get("audience");
            List<String> audiences = aud instanceof List<?> l ? l.stream().map(String::valueOf).toList() : List.of(String.valueOf(aud));
            String source = String.valueOf(authorizer.getOrDefault("IdentitySource", "$request.header.Authorization"));
            if (!source.startsWith("$request.header.")) {
                throw new TemplateException(apiId + " authorizer " + name + ": IdentitySource " + source
                        + " is not supported locally (only $request.header.<Name>)");
            }
            if (!iss.equals(issuer.issuer())) {
                log.accept("note: authorizer " + name + " trusts issuer " + iss + " (not the local one): tokens from /local/token are rejected");
            }
            gateway.addAuthorizer(new HttpApiGateway.Authorizer(name, source.substring("$request.header.".length()),
                    new JwtValidator(iss, audiences, this::jwks, Clock.systemUTC())));
        });
    }

    private Optional<String> jwks(String iss) {
        if (iss.equals(issuer.issuer())) return Optional.of(issuer.jwks());
        try {
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
            String discovery = client.send(HttpRequest.newBuilder(URI.create(iss.replaceAll("/$", "") + "/.well-known/openid-configuration"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).body();
            String jwksUri = JSON.readTree(discovery).path("jwks_uri").asText();
            return Optional.of(client.send(HttpRequest.newBuilder(URI.create(jwksUri)).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
        } catch (Exception e) {
            log.accept("cannot fetch the JWKS of " + iss + ": " + e);
            return Optional.empty();
        }
    }

    private void function(Map<String, Object> template, String id, Map<String, Object> res) {
        Map<String, Object> globals = map(map(section(template, "Globals")).getOrDefault("Function", Map.of()));
        Map<String, Object> props = map(res.getOrDefault("Properties", Map.of()));
        String name = resolver.physical(id).ref();
        Object codeUri = props.containsKey("CodeUri") ? props.get("CodeUri") : globals.get("CodeUri");
        Object resolvedCode = resolver.resolve(codeUri);
        if (!(resolvedCode instanceof String code)) {
            throw new TemplateException(id + ": CodeUri must be a local path to the built zip, got " + resolvedCode);
        }
        String handler = resolver.resolveString(props.containsKey("Handler") ? props.get("Handler") : globals.get("Handler"), id + ".Handler");
        int memory = Integer.parseInt(resolver.resolveString(props.getOrDefault("MemorySize", globals.getOrDefault("MemorySize", 128)), id + ".MemorySize"));
        int timeout = Integer.parseInt(resolver.resolveString(props.getOrDefault("Timeout", globals.getOrDefault("Timeout", 3)), id + ".Timeout"));
        Map<String, String> env = new LinkedHashMap<>();
        for (Map<String, Object> source : List.of(globals, props)) {
            Object vars = map(source.getOrDefault("Environment", Map.of())).get("Variables");
            if (vars == null) continue;
            map(vars).forEach((k, v) -> {
                Object value = resolver.resolve(v);
                if (value == CfnResolver.NO_VALUE) return;
                if (value instanceof List<?> || value instanceof Map<?, ?>) {
                    throw new TemplateException(id + ": environment variable " + k + " resolves to " + value + ", not a string");
                }
                env.put(k, String.valueOf(value));
            });
        }
        for (String property : List.of("Layers", "SnapStart", "AutoPublishAlias", "DeploymentPreference",
                "ProvisionedConcurrencyConfig", "VpcConfig")) {
            if (props.containsKey(property) || globals.containsKey(property)) notEmulated.add(id + " " + property);
        }
        Object architectures = props.getOrDefault("Architectures", globals.get("Architectures"));
        if (architectures instanceof List<?> archs && !archs.isEmpty()) {
            String host = System.getProperty("os.arch").replace("amd64", "x86_64").replace("aarch64", "arm64");
            if (!archs.contains(host)) notEmulated.add(id + " Architectures " + archs + " (runs on this machine's " + host + ")");
        }
        Object runtime = props.getOrDefault("Runtime", globals.get("Runtime"));
        if (runtime != null && !String.valueOf(runtime).startsWith("java")) {
            throw new TemplateException(id + ": Runtime " + runtime + " is not a Java runtime; the local runtime runs Java handlers only");
        }
        Path codePath = options.projectRoot().resolve(code);
        LambdaFunction fn = new LambdaFunction(new FunctionSpec(name, handler, codePath, memory, timeout, env),
                new LambdaRuntimeOptions(aws.region(), aws.accountId(), platformEnvironment(), options.workDir(),
                        options.instancesPerFunction(), Duration.ofSeconds(60), functionLog()));
        functions.put(id, fn);
        owned.add(fn);

        Map<String, Object> events = map(props.getOrDefault("Events", Map.of()));
        events.forEach((eventId, e) -> {
            Map<String, Object> event = map(e);
            String type = String.valueOf(event.get("Type"));
            if (type.equals("SQS") || type.equals("Schedule") || type.equals("ScheduleV2")) {
                eventSourceStarters.add(() -> eventSource(id, eventId, type, map(resolver.resolve(event.getOrDefault("Properties", Map.of()))), fn));
                return;
            }
            if (!type.equals("HttpApi")) {
                notEmulated.add(id + " event " + eventId + " (" + type + ")");
                return;
            }
            Map<String, Object> rawProps = map(event.getOrDefault("Properties", Map.of()));
            Object apiRef = rawProps.get("ApiId");
            Map<String, Object> ep = map(resolver.resolve(rawProps));
            Map<String, Object> auth;
            if (apiRef == null) {
                Object globalAuth = map(section(template, "Globals").getOrDefault("HttpApi", Map.of())).get("Auth");
                auth = globalAuth == null ? Map.of() : map(resolver.resolve(globalAuth));
                if (!auth.isEmpty() && !apiAuth.containsKey("ServerlessHttpApi")) declareAuthorizers("ServerlessHttpApi", auth);
            } else if (apiRef instanceof ch.srsconnect.local.template.Intrinsic ref && ref.name().equals("Ref")
                    && apiAuth.containsKey(String.valueOf(ref.argument()))) {
                auth = apiAuth.get(String.valueOf(ref.argument()));
            } else {
                throw new TemplateException(id + " event " + eventId + ": ApiId must be !Ref of an AWS::Serverless::HttpApi, got " + apiRef);
            }
            Map<String, Object> routeAuth = map(ep.getOrDefault("Auth", Map.of()));
            String authorizer = routeAuth.containsKey("Authorizer") ? String.valueOf(routeAuth.get("Authorizer"))
                    : (String) auth.get("DefaultAuthorizer");
            if ("NONE".equals(authorizer)) authorizer = null;
            @SuppressWarnings("unchecked")
            List<String> scopes = (List<String>) routeAuth.get("AuthorizationScopes");
            String path = ep.containsKey("Path") ? String.valueOf(ep.get("Path")) : "$default";
            String method = ep.containsKey("Method") ? String.valueOf(ep.get("Method")) : "ANY";
            if (path.equals("$default")) {
                notEmulated.add(id + " event " + eventId + " ($default route)");
                return;
            }
            Object payloadVersion = ep.get("PayloadFormatVersion");
            if (payloadVersion != null && !"2.0".equals(String.valueOf(payloadVersion))) {
                log.accept("note: " + id + " event " + eventId + " asks for payload format " + payloadVersion + "; 2.0 is sent");
            }
            gateway.addRoute(new Route(method, path, id, fn::invoke, authorizer, scopes));
        });
    }

    private final List<Runnable> eventSourceStarters = new ArrayList<>();
    private final List<String> eventSourceLines = new ArrayList<>();
    private final Map<String, AutoCloseable> eventSources = new LinkedHashMap<>();
    private StackResources stack;

    private void eventSource(String functionId, String eventId, String type, Map<String, Object> p, LambdaFunction fn) {
        String key = functionId + "." + eventId;
        boolean enabled = !"false".equals(String.valueOf(p.getOrDefault("Enabled", "true")))
                && !"DISABLED".equals(String.valueOf(p.getOrDefault("State", "ENABLED")));
        if (!enabled) {
            eventSourceLines.add(key + " (" + type + ") disabled in the template");
            return;
        }
        if (type.equals("SQS")) {
            String arn = String.valueOf(p.get("Queue"));
            String url = null;
            for (var r : section(template, "Resources").entrySet()) {
                CfnResolver.Physical ph = resolver.physical(r.getKey());
                if (ph != null && arn.equals(ph.attributes().get("Arn")) && "AWS::SQS::Queue".equals(map(r.getValue()).get("Type"))) {
                    url = ph.ref();
                }
            }
            if (url == null) throw new TemplateException(key + ": Queue " + arn + " is not a queue of this template");
            int batch = integer(p.getOrDefault("BatchSize", 10), key + ".BatchSize");
            int window = integer(p.getOrDefault("MaximumBatchingWindowInSeconds", 0), key + ".MaximumBatchingWindowInSeconds");
            if (batch < 1 || batch > 10_000) throw new TemplateException(key + ": BatchSize must be 1..10000, got " + batch);
            if (window < 0 || window > 300) {
                throw new TemplateException(key + ": MaximumBatchingWindowInSeconds must be 0..300, got " + window);
            }
            if (batch > 10 && window == 0) {
                // what Lambda answers to CreateEventSourceMapping
                throw new TemplateException(key + ": Maximum batch window in seconds must be greater than 0 if maximum batch size is greater than 10");
            }
            String url0 = url;
            String visibility = stack.sqs().getQueueAttributes(b -> b.queueUrl(url0)
                    .attributeNames(software.amazon.awssdk.services.sqs.model.QueueAttributeName.VISIBILITY_TIMEOUT))
                    .attributesAsStrings().get("VisibilityTimeout");
            if (visibility != null && Integer.parseInt(visibility) < fn.spec().timeoutSeconds()) {
                // CloudFormation refuses this mapping the same way
                throw new TemplateException(key + ": Queue visibility timeout: " + visibility
                        + " seconds is less than Function timeout: " + fn.spec().timeoutSeconds() + " seconds");
            }
            Object types = p.get("FunctionResponseTypes");
            boolean partial = types instanceof List<?> l && l.stream().map(String::valueOf).anyMatch("ReportBatchItemFailures"::equals);
            for (String ignored : List.of("FilterCriteria", "MetricsConfig", "KmsKeyArn")) {
                if (p.containsKey(ignored)) notEmulated.add(key + " " + ignored);
            }
            int pollers = options.instancesPerFunction();
            if (p.get("ScalingConfig") instanceof Map<?, ?> scaling && scaling.get("MaximumConcurrency") != null) {
                pollers = Math.min(pollers, integer(scaling.get("MaximumConcurrency"), key + ".ScalingConfig.MaximumConcurrency"));
            }
            SqsEventSource source = new SqsEventSource(key, stack.sqs(), url, arn, aws.region(), batch, Duration.ofSeconds(window),
                    partial, pollers, fn::invoke, log);
            eventSources.put(key, source);
            owned.add(source);
            eventSourceLines.add(key + " <- SQS " + url + " (batch " + source.batchSize() + (window > 0 ? ", window " + window + " s" : "")
                    + (partial ? ", ReportBatchItemFailures" : "") + ", visibility " + visibility + " s, "
                    + source.pollers() + (source.pollers() == 1 ? " poller" : " pollers") + ")");
        } else {
            String expression = String.valueOf(p.containsKey("Schedule") ? p.get("Schedule") : p.get("ScheduleExpression"));
            String input = p.get("Input") == null ? null : String.valueOf(p.get("Input"));
            String ruleArn = "arn:aws:events:" + aws.region() + ":" + aws.accountId() + ":rule/" + LocalRuntimeOptions.STACK_NAME + "-" + key;
            ScheduleSource source;
            try {
                source = new ScheduleSource(key, expression, simulator.options().timeScale(), input, ruleArn, aws.accountId(),
                        aws.region(), fn::invoke, log);
            } catch (IllegalArgumentException e) {
                notEmulated.add(key + " (" + e.getMessage() + ")");
                return;
            }
            eventSources.put(key, source);
            owned.add(source);
            eventSourceLines.add(key + " <- " + expression + " (every " + source.period().toMillis() + " ms locally)");
        }
    }

    private static final java.util.regex.Pattern QUIET_LINE = java.util.regex.Pattern.compile(
            "^\\[[^]]+] (Picked up JAVA_TOOL_OPTIONS: .*|\\{\"_aws\":.*|\\{\"ts\":\"[^\"]*\",\"level\":\"(TRACE|DEBUG|INFO)\".*)$");

    /** Function output as {@code --function-logs} asks: everything, or without INFO/DEBUG JSON lines and metric lines. */
    private Consumer<String> functionLog() {
        if (options.functionLogs() == LocalRuntimeOptions.FunctionLogs.ALL) return log;
        return line -> {
            if (!quiet(line)) log.accept(line);
        };
    }

    static boolean quiet(String functionLine) {
        return QUIET_LINE.matcher(functionLine).matches();
    }

    /** Name of the variable the poll engine divides its plan durations by (1 in AWS; never set by the template). */
    public static final String POLL_TIME_SCALE = "POLL_TIME_SCALE";
    /** Where the functions record their AWS SDK calls (shared's AwsCallRecorder), and the account of the ARNs. */
    public static final String AWS_CALL_LOG = "SRS_CONNECT_AWS_CALL_LOG";
    public static final String AWS_CALL_ACCOUNT = "SRS_CONNECT_AWS_CALL_ACCOUNT";

    /**
     * What the runtime adds to every function's environment besides Lambda's own variables (a variable the template
     * sets wins): the stand-ins' {@code AWS_ENDPOINT_URL_*} and {@code POLL_TIME_SCALE} = the time scale, so that
     * poll plans run as compressed as the simulator (docs/decisions/0040-local-time-scale.md).
     */
    private Map<String, String> platformEnvironment() {
        Map<String, String> env = new LinkedHashMap<>(aws.endpointEnvironment());
        env.put(POLL_TIME_SCALE, timeScaleText());
        options.awsCallLog().ifPresent(dir -> {
            env.put(AWS_CALL_LOG, dir.toAbsolutePath().toString());
            env.put(AWS_CALL_ACCOUNT, aws.accountId());
        });
        return env;
    }

    private static final java.util.regex.Pattern RESOURCE_NOTE = java.util.regex.Pattern.compile("(\\S+) \\((AWS::[^)]+)\\)");
    /** What a function property the runtime does not emulate means here (the banner says it once per property). */
    static final Map<String, String> PROPERTY_MEANING = Map.of(
            "AutoPublishAlias", "no versions or aliases: every invocation runs the current zip, as $LATEST",
            "DeploymentPreference", "no CodeDeploy: a restart switches all traffic at once, no canary, no rollback alarms",
            "SnapStart", "no snapshots: every JVM starts cold",
            "Layers", "layers are not added to the class path",
            "ProvisionedConcurrencyConfig", "JVMs start on demand (or with --eager)",
            "VpcConfig", "the functions reach everything this machine reaches");
    private static final java.util.regex.Pattern PROPERTY_NOTE = java.util.regex.Pattern.compile(
            "(\\S+) (" + String.join("|", PROPERTY_MEANING.keySet()) + ")");
    private static final java.util.regex.Pattern ARCH_NOTE =
            java.util.regex.Pattern.compile("(\\S+) Architectures (\\[.*]) \\(runs on this machine's (\\S+)\\)");

    /** One banner line per resource type / architecture note ("AWS::Logs::LogGroup: A, B"), the rest as they are. */
    static List<String> groupNotEmulated(List<String> notes) {
        Map<String, List<String>> grouped = new LinkedHashMap<>();
        for (String n : notes) {
            java.util.regex.Matcher r = RESOURCE_NOTE.matcher(n);
            java.util.regex.Matcher a = ARCH_NOTE.matcher(n);
            java.util.regex.Matcher f = PROPERTY_NOTE.matcher(n);
            if (r.matches()) {
                grouped.computeIfAbsent(r.group(2), k -> new ArrayList<>()).add(r.group(1));
            } else if (f.matches()) {
                grouped.computeIfAbsent(f.group(2) + " (" + PROPERTY_MEANING.get(f.group(2)) + ")", k -> new ArrayList<>()).add(f.group(1));
            } else if (a.matches()) {
                grouped.computeIfAbsent("Architectures " + a.group(2) + " (run on " + a.group(3) + ")", k -> new ArrayList<>()).add(a.group(1));
            } else {
                grouped.put(n, null);
            }
        }
        List<String> lines = new ArrayList<>();
        grouped.forEach((k, ids) -> lines.add(ids == null ? k : k + ": " + String.join(", ", ids)));
        return lines;
    }

    private String timeScaleText() {
        return new java.math.BigDecimal(Double.toString(simulator.options().timeScale())).stripTrailingZeros().toPlainString();
    }

    private boolean hasRoute(String method, String path) {
        return gateway.routes().stream().anyMatch(r -> r.method().equals(method) && r.path().equals(path));
    }

    private void printBanner(Map<String, Object> template) {
        String api = gateway.baseUrl();
        String sim = simulator.baseUrl().toString().replaceAll("/$", "");
        double scale = simulator.options().timeScale();
        StringBuilder b = new StringBuilder();
        b.append("\nsrs-connect local runtime (stack ").append(LocalRuntimeOptions.STACK_NAME).append(", region ")
                .append(aws.region()).append(")\n");
        b.append("  API               ").append(api).append("  (routes below; tokens: POST ").append(api).append("/local/token)\n");
        b.append("  time scale        ").append(timeScaleText()).append(scale == 1 ? "  (real time)" : "  (simulated time runs " + timeScaleText()
                + "x faster: SRS lifecycles, schedules, poll plans; --time-scale 1 for real time)").append('\n');
        b.append("  SRS simulator     ").append(sim).append('\n');
        b.append("  RA                ").append(simulator.raBaseUrl()).append("  (RaAuth=").append(simulator.options().raAuth())
                .append(simulator.devPki().map(p -> ": " + RA_CERTIFICATE_SECRET + " holds the client certificate of the dev PKI in "
                        + p.directory()).orElse("")).append(")\n");
        b.append("  simulator admin   ").append(sim).append("/_admin/...  (stats, faults, rules, identifications/{refId}/outcome, otp/{msisdn})\n");
        if (Files.isRegularFile(options.projectRoot().resolve(LocalEndpoints.OPENAPI))) {
            b.append("  OpenAPI           ").append(api).append("/openapi.yaml  (").append(api).append("/openapi.json)\n");
        }
        if (webPaths.contains("/demo/index.html")) {
            b.append("  demo SP app       ").append(api).append("/demo/  (a frontend on the browser client ").append(api)
                    .append("/srs-connect-client.js: methods, order, status, T&C; docs/web-client.md)\n");
        }
        b.append("  events            ").append(api).append("/local/events[?since=<eventId>]  (one 'event ...' line each below)\n");
        if (resolver.physical(WEBHOOK_SIGNING_SECRET) != null) {
            b.append("  webhook           ").append(resolver.parameters().get(WEBHOOK_URL)).append(webhookReceiver != null
                    ? "  (this runtime's receiver: one 'webhook receiver: verified ...' line per delivery)" : "  (signed, docs/webhooks.md)")
                    .append('\n');
        }
        b.append("  AWS stand-ins     DynamoDB ").append(aws.dynamoDbEndpoint()).append("  SQS ").append(aws.sqsEndpoint())
                .append("\n                    Secrets Manager ").append(aws.secretsManagerEndpoint()).append("  EventBridge ")
                .append(aws.eventBridgeEndpoint()).append('\n');
        b.append("  JWT issuer        ").append(issuer.issuer()).append("  (audience ").append(LOCAL_AUDIENCE).append(")\n");
        for (String c : created) b.append("  created           ").append(c).append('\n');
        if (isType(template, "SrsCredentialsSecret", "AWS::SecretsManager::Secret") && !options.secrets().containsKey("SrsCredentialsSecret")) {
            b.append("                    (SrsCredentialsSecret holds the simulator's client credentials; --secret SrsCredentialsSecret=json to change)\n");
        }
        b.append("  routes\n");
        for (Route r : gateway.routes()) {
            b.append("    ").append(String.format("%-38s", r.routeKey())).append(" -> ").append(r.functionName())
                    .append(r.authorizer() == null ? "  (no auth)" : "  (" + r.authorizer() + ")").append('\n');
        }
        for (String e : eventSourceLines) b.append("  event source      ").append(e).append('\n');
        List<String> notEmulatedLines = groupNotEmulated(notEmulated);
        for (int i = 0; i < notEmulatedLines.size(); i++) {
            b.append(i == 0 ? "  not emulated      " : "                    ").append(notEmulatedLines.get(i)).append('\n');
        }
        b.append("  function JVMs start ").append(options.eager() ? "now (--eager)" : "on first request").append('\n');
        b.append("\nTry it:\n");
        if (webPaths.contains("/demo/index.html")) b.append("  open ").append(api).append("/demo/ in a browser, or with curl:\n");
        b.append("  TOKEN=$(curl -s -X POST ").append(api).append("/local/token -d '{\"sub\":\"dev-user\"}' | sed -E 's/.*\"access_token\":\"([^\"]+)\".*/\\1/')\n");
        b.append("  curl -s -H \"Authorization: Bearer $TOKEN\" '").append(api).append("/methods?jurisdiction=ZERTES&loa=4'\n");
        if (hasRoute("POST", "/identifications")) {
            b.append("  curl -s -H \"Authorization: Bearer $TOKEN\" -H 'Content-Type: application/json' ").append(api)
                    .append("/identifications \\\n      -d '{\"issuer\":\"test\",\"method\":\"video\",\"msisdn\":\"+41790000001\",\"language\":\"en\","
                            + "\"person\":{\"firstName\":\"Max\",\"lastName\":\"Muster\",\"dob\":\"1980-12-31\"}}'\n");
            b.append("  then open its \"targetUrl\" in a browser, choose an outcome (success, error, ...), and watch:\n");
            if (hasRoute("GET", "/identifications/{id}")) {
                b.append("  curl -s -H \"Authorization: Bearer $TOKEN\" ").append(api).append("/identifications/<id>\n");
            }
            b.append("  curl -s ").append(api).append("/local/events\n");
        }
        log.accept(b.toString());
    }

    // ---------------------------------------------------------------- handle

    public String baseUrl() {
        return gateway.baseUrl();
    }

    /** A valid token (1 h) for {@code sub}, as {@code POST /local/token} mints it. */
    public String mintToken(String sub) {
        return issuer.mint(sub);
    }

    public LocalJwtIssuer jwtIssuer() {
        return issuer;
    }

    public SrsSimulator simulator() {
        return simulator;
    }

    public EmbeddedAws aws() {
        return aws;
    }

    public CfnResolver resolver() {
        return resolver;
    }

    /** Functions by logical id. */
    public Map<String, LambdaFunction> functions() {
        return Map.copyOf(functions);
    }

    /** Running SQS and schedule event sources by {@code FunctionId.EventId}. */
    public Map<String, AutoCloseable> eventSources() {
        return Map.copyOf(eventSources);
    }

    public List<String> notEmulated() {
        return List.copyOf(notEmulated);
    }

    /** Every finished invocation of every function, in order per function. */
    public List<InvocationStat> invocationStats() {
        List<InvocationStat> all = new ArrayList<>();
        for (LambdaFunction f : functions.values()) all.addAll(f.invocationStats());
        return all;
    }

    private String statsJson() {
        var root = JSON.createObjectNode();
        var list = root.putArray("invocations");
        for (InvocationStat st : invocationStats()) {
            var n = list.addObject();
            n.put("function", st.functionName());
            n.put("requestId", st.requestId());
            n.put("coldStart", st.coldStart());
            if (st.jvmStartToFirstResponseMs() >= 0) n.put("jvmStartToFirstResponseMs", st.jvmStartToFirstResponseMs());
            n.put("durationMs", st.durationMs());
            n.put("outcome", st.outcome());
        }
        return root.toString();
    }

    /** Stops function JVMs, gateway, and the simulator/stand-ins it started itself (given ones stay up). */
    @Override
    public synchronized void close() {
        List<AutoCloseable> reversed = new ArrayList<>(owned);
        java.util.Collections.reverse(reversed);
        owned.clear();
        for (AutoCloseable c : reversed) {
            try {
                c.close();
            } catch (Exception e) {
                log.accept("while stopping " + c.getClass().getSimpleName() + ": " + e);
            }
        }
    }

    // ---------------------------------------------------------------- main

    public static void main(String[] args) {
        LocalRuntimeOptions options;
        try {
            options = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        if (options == null) {
            System.out.println(USAGE);
            return;
        }
        LocalRuntime rt;
        try {
            rt = start(options);
        } catch (RuntimeException e) {
            System.err.println("local runtime failed to start: " + e.getMessage());
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("stopping local runtime...");
            rt.close();
            stopped.countDown();
        }, "local-runtime-shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static final String USAGE = """
            usage: LocalRuntime --project-root <dir> [--port 3000] [--template template.yaml] [--time-scale 60]
                                [--param Name=Value]... [--secret LogicalId=json]... [--eager] [--instances N]
                                [--function-logs all|warn] [--record-aws-calls DIR] [--webhook-receiver]""";

    /** {@code ./dev run}'s time scale unless {@code --time-scale} says otherwise: a simulated minute per second. */
    static final double CLI_TIME_SCALE = 60;

    static LocalRuntimeOptions parse(String[] args) {
        LocalRuntimeOptions o = LocalRuntimeOptions.defaults().timeScale(CLI_TIME_SCALE);
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--help", "-h" -> {
                    return null;
                }
                case "--eager" -> o = o.eager(true);
                case "--webhook-receiver" -> o = o.startWebhookReceiver(true);
                case "--function-logs" -> {
                    String v = value(args, ++i, a);
                    o = switch (v) {
                        case "all" -> o.functionLogs(LocalRuntimeOptions.FunctionLogs.ALL);
                        case "warn" -> o.functionLogs(LocalRuntimeOptions.FunctionLogs.WARN);
                        default -> throw new IllegalArgumentException("--function-logs is all or warn, got " + v);
                    };
                }
                case "--project-root" -> o = o.projectRoot(Path.of(value(args, ++i, a)));
                case "--port" -> o = o.port(Integer.parseInt(value(args, ++i, a)));
                case "--template" -> o = o.template(value(args, ++i, a));
                case "--time-scale" -> o = o.timeScale(Double.parseDouble(value(args, ++i, a)));
                case "--instances" -> o = o.instancesPerFunction(Integer.parseInt(value(args, ++i, a)));
                case "--work-dir" -> o = o.workDir(Path.of(value(args, ++i, a)));
                case "--record-aws-calls" -> o = o.awsCallLog(Path.of(value(args, ++i, a)));
                case "--param" -> {
                    String[] kv = pair(value(args, ++i, a), a);
                    o = o.parameter(kv[0], kv[1]);
                }
                case "--secret" -> {
                    String[] kv = pair(value(args, ++i, a), a);
                    o = o.secret(kv[0], kv[1]);
                }
                default -> throw new IllegalArgumentException("unknown option " + a);
            }
        }
        return o;
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) throw new IllegalArgumentException(option + " needs a value");
        return args[i];
    }

    private static String[] pair(String s, String option) {
        int eq = s.indexOf('=');
        if (eq <= 0) throw new IllegalArgumentException(option + " expects Name=Value, got " + s);
        return new String[] {s.substring(0, eq), s.substring(eq + 1)};
    }

    // ---------------------------------------------------------------- helpers

    private static int integer(Object value, String what) {
        try {
            return new java.math.BigDecimal(String.valueOf(value).trim()).intValueExact();
        } catch (ArithmeticException | NumberFormatException e) {
            throw new TemplateException(what + " must be a whole number, got " + value);
        }
    }

    /** A template parameter's Default, or {@code fallback}. */
    private static String parameterDefault(Map<String, Object> template, String name, String fallback) {
        Object p = section(template, "Parameters").get(name);
        return p instanceof Map<?, ?> m && m.get("Default") != null ? String.valueOf(m.get("Default")) : fallback;
    }

    private static boolean isType(Map<String, Object> template, String id, String type) {
        Object r = section(template, "Resources").get(id);
        return r instanceof Map<?, ?> m && type.equals(m.get("Type"));
    }

    private static Map<String, Object> section(Map<String, Object> template, String name) {
        Object s = template.get(name);
        return s == null ? Map.of() : map(s);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        if (!(o instanceof Map<?, ?>)) throw new TemplateException("expected a mapping, got " + o);
        return (Map<String, Object>) o;
    }

}
