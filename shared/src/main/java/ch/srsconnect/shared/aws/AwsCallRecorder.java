package ch.srsconnect.shared.aws;

import ch.srsconnect.shared.config.Config;
import ch.srsconnect.shared.config.EnvVar;
import software.amazon.awssdk.awscore.AwsExecutionAttribute;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Test and local-runtime only: records every AWS SDK call as (handler, IAM action, resource ARN), so the suite can
 * evaluate each one against the calling function's IAM policy as the SAM translator grants it (issue 8: the stand-ins
 * enforce no IAM). Enabled only when {@value EnvVar#SRS_CONNECT_AWS_CALL_LOG} names a directory; the template never
 * sets it, so it is never active in AWS (a template test checks that).
 *
 * <p>The function is the {@code RequestHandler} class on the calling thread's stack: the same attribution works in a
 * function JVM of the local runtime and for a handler a component test runs in its own JVM. One JSON line per
 * distinct call in {@code <dir>/calls-<pid>.jsonl}; the call is recorded before it is sent, as IAM authorizes it
 * before it runs.
 */
public final class AwsCallRecorder implements ExecutionInterceptor {

    /** The account the embedded stand-ins use (their ARNs) unless {@value EnvVar#SRS_CONNECT_AWS_CALL_ACCOUNT} says otherwise. */
    public static final String DEFAULT_ACCOUNT = "000000000000";

    private static final Set<String> HANDLER_INTERFACES = Set.of(
            "com.amazonaws.services.lambda.runtime.RequestHandler",
            "com.amazonaws.services.lambda.runtime.RequestStreamHandler");
    /** SDK service name → IAM service prefix. */
    private static final Map<String, String> IAM_PREFIX = Map.of(
            "DynamoDb", "dynamodb", "SecretsManager", "secretsmanager", "Sqs", "sqs", "EventBridge", "events");
    /** SDK operations IAM authorizes under another action. */
    private static final Map<String, String> IAM_ACTION = Map.of(
            "sqs:SendMessageBatch", "sqs:SendMessage",
            "sqs:DeleteMessageBatch", "sqs:DeleteMessage",
            "sqs:ChangeMessageVisibilityBatch", "sqs:ChangeMessageVisibility");
    private static final Map<Path, AwsCallRecorder> BY_DIRECTORY = new ConcurrentHashMap<>();

    private final Path file;
    private final String account;
    private final Set<String> written = ConcurrentHashMap.newKeySet();

    private AwsCallRecorder(Path directory, String account) {
        this.file = directory.resolve("calls-" + ProcessHandle.current().pid() + ".jsonl");
        this.account = account;
    }

    /** The recorder the configuration asks for, if any (one per directory and JVM). */
    public static Optional<AwsCallRecorder> fromConfig(Config config) {
        return config.optional(EnvVar.SRS_CONNECT_AWS_CALL_LOG).filter(s -> !s.isBlank()).map(dir -> {
            String account = config.optional(EnvVar.SRS_CONNECT_AWS_CALL_ACCOUNT).orElse(DEFAULT_ACCOUNT);
            return BY_DIRECTORY.computeIfAbsent(Path.of(dir).toAbsolutePath(), d -> {
                try {
                    Files.createDirectories(d);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot create the AWS call log directory " + d, e);
                }
                return new AwsCallRecorder(d, account);
            });
        });
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        String service = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME);
        String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        String region = String.valueOf(attributes.getAttribute(AwsExecutionAttribute.AWS_REGION));
        String prefix = IAM_PREFIX.getOrDefault(service, service.toLowerCase(Locale.ROOT));
        String action = IAM_ACTION.getOrDefault(prefix + ":" + operation, prefix + ":" + operation);
        String handler = handlerOnStack();
        for (String resource : resources(prefix, context.request(), region)) {
            record(handler, action, operation, resource);
        }
    }

    /** The ARNs IAM evaluates the call against, named as AWS names them. */
    List<String> resources(String prefix, SdkRequest request, String region) {
        List<String> out = new ArrayList<>();
        switch (prefix) {
            case "dynamodb" -> field(request, "TableName").ifPresent(table -> {
                String arn = "arn:aws:dynamodb:" + region + ":" + account + ":table/" + table;
                out.add(field(request, "IndexName").map(index -> arn + "/index/" + index).orElse(arn));
            });
            case "secretsmanager" -> field(request, "SecretId").ifPresent(id -> out.add(id.startsWith("arn:")
                    ? id : "arn:aws:secretsmanager:" + region + ":" + account + ":secret:" + id));
            case "sqs" -> field(request, "QueueUrl").ifPresent(url -> out.add(queueArn(url, region)));
            case "events" -> request.getValueForField("Entries", List.class).ifPresent(entries -> {
                for (Object entry : entries) {
                    String bus = entry instanceof SdkPojo p ? pojoField(p, "EventBusName").orElse("default") : "default";
                    String arn = bus.startsWith("arn:") ? bus : "arn:aws:events:" + region + ":" + account + ":event-bus/" + bus;
                    if (!out.contains(arn)) out.add(arn);
                }
            });
            default -> { }
        }
        if (out.isEmpty()) out.add("*");
        return out;
    }

    private String queueArn(String url, String region) {
        // https://sqs.<region>.amazonaws.com/<account>/<name> (ElasticMQ: http://host:port/<account>/<name>)
        String[] path = URI.create(url).getPath().replaceAll("^/+", "").split("/");
        String acct = path.length >= 2 ? path[path.length - 2] : account;
        return "arn:aws:sqs:" + region + ":" + acct + ":" + path[path.length - 1];
    }

    private static Optional<String> field(SdkRequest request, String name) {
        return request.getValueForField(name, String.class);
    }

    private static Optional<String> pojoField(SdkPojo pojo, String member) {
        return pojo.sdkFields().stream().filter(f -> f.memberName().equals(member))
                .map(f -> f.getValueOrDefault(pojo)).filter(String.class::isInstance).map(String.class::cast).findFirst();
    }

    /** The innermost Lambda handler class on the stack, or {@code unattributed:<outermost project class>}. */
    static String handlerOnStack() {
        return StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE).walk(frames -> {
            String outermost = "?";
            for (var it = frames.iterator(); it.hasNext(); ) {
                Class<?> c = it.next().getDeclaringClass();
                if (isHandler(c)) return c.getName();
                if (c.getName().startsWith("ch.srsconnect.")) outermost = c.getName();
            }
            return "unattributed:" + outermost;
        });
    }

    private static boolean isHandler(Class<?> c) {
        for (Class<?> i : c.getInterfaces()) {
            if (HANDLER_INTERFACES.contains(i.getName())) return true;
        }
        return false;
    }

    private void record(String handler, String action, String operation, String resource) {
        String line = "{\"handler\":\"" + handler + "\",\"action\":\"" + action + "\",\"operation\":\"" + operation
                + "\",\"resource\":\"" + resource + "\"}\n";
        if (!written.add(line)) return;
        try {
            Files.writeString(file, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the AWS call log " + file, e);
        }
    }
}
