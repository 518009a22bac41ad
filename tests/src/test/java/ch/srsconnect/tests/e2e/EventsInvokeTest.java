package ch.srsconnect.tests.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.srsconnect.local.LocalInvoke;
import ch.srsconnect.local.LocalRuntimeOptions;
import ch.srsconnect.local.template.CfnYaml;
import ch.srsconnect.tests.TestEnvironment;
import ch.srsconnect.tests.iam.AwsCallLog;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every file in events/ through {@code ./dev invoke}'s code path (LocalInvoke): the function of its name
 * ({@code place-order-get.json} → the function whose CodeUri is {@code functions/place-order/...}) runs once under
 * Lambda's runtime client and answers without a function error; an HTTP event gets an HTTP answer below 500.
 */
class EventsInvokeTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyEventFileInvokesItsFunctionCleanly() throws IOException {
        Path root = TestEnvironment.projectRoot();
        Map<String, String> functionByDir = functionsByCodeDirectory(root);
        List<Path> events;
        try (Stream<Path> files = Files.list(root.resolve("events"))) {
            events = files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
        }
        assertTrue(events.size() >= 13, "events/ has the sample events: " + events);
        List<String> ids = new ArrayList<>();
        for (Path e : events) {
            String name = e.getFileName().toString();
            String id = functionByDir.entrySet().stream().filter(d -> name.startsWith(d.getKey() + "-"))
                    .map(Map.Entry::getValue).findFirst().orElseThrow(() -> new AssertionError(name + " names no function directory " + functionByDir.keySet()));
            ids.add(id);
        }
        TestEnvironment env = TestEnvironment.get();
        // the shared runtime creates (and registers for the IAM check) the stack's resources; invoke reuses them
        env.localRuntime();
        List<LocalInvoke.Invocation> results = LocalInvoke.invokeAll(LocalRuntimeOptions.defaults()
                .projectRoot(root).port(0).simulator(env.simulator()).aws(env.aws())
                .workDir(Files.createTempDirectory("srs-connect-invoke"))
                .awsCallLog(AwsCallLog.directory().orElse(null)), ids, events);

        assertEquals(events.size(), results.size());
        for (LocalInvoke.Invocation inv : results) {
            String what = inv.functionId() + " with " + inv.event().getFileName() + ": " + inv.result().payloadText();
            assertFalse(inv.result().error(), what);
            JsonNode answer = JSON.readTree(inv.result().payload());
            if (answer.has("statusCode")) {
                assertTrue(answer.get("statusCode").asInt() < 500, what);
            }
            System.out.println("[invoke] " + inv.event().getFileName() + " -> " + inv.functionId() + ": "
                    + (answer.has("statusCode") ? "HTTP " + answer.get("statusCode").asInt() : inv.result().payloadText())
                    + ", " + inv.logLines().size() + " log lines");
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> functionsByCodeDirectory(Path root) {
        Map<String, String> out = new LinkedHashMap<>();
        Map<String, Object> resources = (Map<String, Object>) CfnYaml.load(root.resolve("template.yaml")).get("Resources");
        resources.forEach((id, r) -> {
            Map<String, Object> res = (Map<String, Object>) r;
            if (!"AWS::Serverless::Function".equals(res.get("Type"))) return;
            String codeUri = String.valueOf(((Map<String, Object>) res.get("Properties")).get("CodeUri"));
            out.put(codeUri.split("/")[1], id);
        });
        return out;
    }
}
