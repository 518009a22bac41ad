package ch.srsconnect.tests.iam;

import ch.srsconnect.local.template.CfnResolver;
import ch.srsconnect.local.template.CfnYaml;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The AWS calls the suite's functions made (written by shared's {@code AwsCallRecorder}, one file per JVM) and what
 * the resources they touched stand for in template.yaml (written by the test environment). Lives in
 * {@code tests/target/aws-calls} (surefire's {@value #PROPERTY}); the IAM coverage check reads it after the suite.
 */
public final class AwsCallLog {

    public static final String PROPERTY = "srsconnect.awsCallLog";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static boolean reset;

    /** One recorded call: the handler class that made it, the IAM action, the SDK operation and the resource ARN. */
    public record Call(String handler, String action, String operation, String resource) {}

    private AwsCallLog() {}

    /** The directory, when this JVM records (surefire sets it; benchmarks and IDE runs without it do not). */
    public static Optional<Path> directory() {
        return Optional.ofNullable(System.getProperty(PROPERTY)).filter(s -> !s.isBlank()).map(Path::of);
    }

    /** Empties the directory once per JVM, so the check sees this run's calls only. */
    public static synchronized void reset() {
        if (reset) return;
        reset = true;
        directory().ifPresent(dir -> {
            try {
                Files.createDirectories(dir);
                try (Stream<Path> files = Files.list(dir)) {
                    for (Path f : files.toList()) Files.delete(f);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    public static List<Call> calls(Path dir) throws IOException {
        List<Call> calls = new ArrayList<>();
        for (Path f : files(dir, "calls-")) {
            for (String line : Files.readAllLines(f)) {
                if (line.isBlank()) continue;
                JsonNode n = JSON.readTree(line);
                Call c = new Call(n.path("handler").asText(), n.path("action").asText(), n.path("operation").asText(),
                        n.path("resource").asText());
                if (!calls.contains(c)) calls.add(c);
            }
        }
        return calls;
    }

    /** Physical ARN → the logical id of template.yaml it stands for. */
    public static Map<String, String> standsFor(Path dir) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        for (Path f : files(dir, "resources-")) {
            for (String line : Files.readAllLines(f)) {
                String[] kv = line.split("\t");
                if (kv.length == 2) out.put(kv[0], kv[1]);
            }
        }
        return out;
    }

    private static List<Path> files(Path dir, String prefix) throws IOException {
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().startsWith(prefix)).sorted().toList();
        }
    }

    public static Resources resources(String region, String account) {
        return new Resources(region, account);
    }

    /** Registers physical resources under the logical id they stand for, with their ARNs as AWS names them. */
    public static final class Resources {
        private final String region;
        private final String account;

        private Resources(String region, String account) {
            this.region = region;
            this.account = account;
        }

        public void table(String name, String logicalId) {
            put("arn:aws:dynamodb:" + region + ":" + account + ":table/" + name, logicalId);
        }

        public void secret(String arn, String logicalId) {
            put(arn, logicalId);
        }

        public void queue(String url, String logicalId) {
            String[] path = URI.create(url).getPath().replaceAll("^/+", "").split("/");
            put("arn:aws:sqs:" + region + ":" + path[path.length - 2] + ":" + path[path.length - 1], logicalId);
        }

        public void bus(String name, String logicalId) {
            put("arn:aws:events:" + region + ":" + account + ":event-bus/" + name, logicalId);
        }

        /** Every table, queue, secret and bus the local runtime created from {@code template}. */
        public void ofStack(CfnResolver resolver, Path template) {
            Map<String, Object> resources = Cfn.section(CfnYaml.load(template), "Resources");
            resources.forEach((id, r) -> {
                Object type = r instanceof Map<?, ?> m ? m.get("Type") : null;
                CfnResolver.Physical physical = resolver.physical(id);
                if (physical == null) return;
                String ref = physical.ref();
                switch (String.valueOf(type)) {
                    case "AWS::DynamoDB::Table" -> table(ref, id);
                    case "AWS::SQS::Queue" -> queue(ref, id);
                    case "AWS::SecretsManager::Secret" -> secret(ref, id);
                    case "AWS::Events::EventBus" -> bus(ref, id);
                    default -> { }
                }
            });
        }

        private void put(String arn, String logicalId) {
            directory().ifPresent(dir -> {
                try {
                    Files.createDirectories(dir);
                    Files.writeString(dir.resolve("resources-" + ProcessHandle.current().pid() + ".tsv"),
                            arn + "\t" + logicalId + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
