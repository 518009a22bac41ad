package ch.srsconnect.local.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Runtime API served here + Lambda's real runtime interface client in a separate JVM. */
class LambdaFunctionTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final List<LambdaFunction> functions = new ArrayList<>();

    @AfterEach
    void closeAll() {
        functions.forEach(LambdaFunction::close);
    }

    private LambdaFunction function(String handler, int timeoutSeconds) {
        return function(handler, timeoutSeconds, 1);
    }

    private LambdaFunction function(String handler, int timeoutSeconds, int instances) {
        FunctionSpec spec = new FunctionSpec("HelloFunction", handler, HelloFunction.zip(dir), 256, timeoutSeconds,
                Map.of("GREETING", "from-template"));
        LambdaFunction f = new LambdaFunction(spec, new LambdaRuntimeOptions("eu-central-2", "000000000000",
                Map.of("AWS_ACCESS_KEY_ID", "local", "AWS_SECRET_ACCESS_KEY", "local"), dir.resolve("work"), instances,
                Duration.ofSeconds(60), line -> System.out.println(line)));
        functions.add(f);
        return f;
    }

    private static JsonNode json(InvocationResult r) throws Exception {
        return JSON.readTree(r.payload());
    }

    @Test
    void responseComesBackThroughTheRuntimeClientWithTheLambdaEnvironment() throws Exception {
        LambdaFunction f = function(HelloFunction.HANDLER, 10);
        InvocationResult first = f.invokeSync("""
                {"name":"srs","env":["GREETING","AWS_LAMBDA_FUNCTION_NAME","AWS_LAMBDA_FUNCTION_MEMORY_SIZE","AWS_REGION",
                 "AWS_LAMBDA_RUNTIME_API","_HANDLER","LAMBDA_TASK_ROOT","AWS_ACCESS_KEY_ID","HOME","MAVEN_OPTS"]}""");
        assertFalse(first.error(), first.payloadText());
        JsonNode body = json(first);
        assertEquals("srs", body.get("hello").asText());
        assertEquals(first.requestId(), body.get("requestId").asText());
        assertEquals("HelloFunction", body.get("functionName").asText());
        assertEquals(256, body.get("memoryLimitInMB").asInt());
        long remaining = body.get("remainingTimeMs").asLong();
        assertTrue(remaining > 0 && remaining <= 10_000, "deadline header honoured: " + remaining);
        JsonNode env = body.get("env");
        assertEquals("from-template", env.get("GREETING").asText());
        assertEquals("HelloFunction", env.get("AWS_LAMBDA_FUNCTION_NAME").asText());
        assertEquals("256", env.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE").asText());
        assertEquals("eu-central-2", env.get("AWS_REGION").asText());
        assertTrue(env.get("AWS_LAMBDA_RUNTIME_API").asText().startsWith("127.0.0.1:"));
        assertEquals(HelloFunction.HANDLER, env.get("_HANDLER").asText());
        assertEquals(f.taskRoot().toString(), env.get("LAMBDA_TASK_ROOT").asText());
        assertEquals("local", env.get("AWS_ACCESS_KEY_ID").asText());
        assertTrue(env.path("HOME").isMissingNode() || env.path("HOME").isNull(), "the parent's environment does not leak in");
        assertTrue(env.path("MAVEN_OPTS").isMissingNode() || env.path("MAVEN_OPTS").isNull());

        InvocationResult second = f.invokeSync("{\"name\":\"again\"}");
        assertEquals(2, json(second).get("invocations").asInt(), "same JVM serves the second invocation");
        assertEquals(json(first).get("loadedAt"), json(second).get("loadedAt"));

        List<InvocationStat> stats = f.invocationStats();
        assertEquals(2, stats.size());
        assertTrue(stats.get(0).coldStart());
        assertTrue(stats.get(0).jvmStartToFirstResponseMs() > 0);
        assertFalse(stats.get(1).coldStart());
        assertEquals(-1, stats.get(1).jvmStartToFirstResponseMs());
        assertTrue(f.recentLogs().stream().anyMatch(l -> l.contains("hello handler invoked: " + first.requestId())),
                "function stdout is streamed");
        f.close();
        assertTrue(stats.size() == 2 && !java.nio.file.Files.exists(f.taskRoot()), "unpacked code removed on close");
    }

    @Test
    void handlerExceptionBecomesAnErrorAndTheJvmKeepsServing() throws Exception {
        LambdaFunction f = function(HelloFunction.HANDLER, 10);
        InvocationResult r = f.invokeSync("{\"fail\":\"boom\"}");
        assertTrue(r.error());
        assertEquals("java.lang.IllegalStateException", r.errorType());
        assertEquals("boom", json(r).get("errorMessage").asText());
        InvocationResult ok = f.invokeSync("{}");
        assertFalse(ok.error(), ok.payloadText());
        assertEquals(2, json(ok).get("invocations").asInt());
        assertEquals("error", f.invocationStats().get(0).outcome());
    }

    @Test
    void timeoutKillsTheJvmAndTheNextInvocationColdStarts() throws Exception {
        LambdaFunction f = function(HelloFunction.HANDLER, 2);
        f.invokeSync("{}");
        long pid = f.livePids().getFirst();
        InvocationResult r = f.invokeSync("{\"sleepMs\":60000}");
        assertTrue(r.error());
        assertEquals("Sandbox.Timedout", r.errorType());
        assertTrue(json(r).get("errorMessage").asText().contains("Task timed out after 2.00 seconds"));
        ProcessHandle handle = ProcessHandle.of(pid).orElse(null);
        if (handle != null) handle.onExit().get(10, TimeUnit.SECONDS);
        assertTrue(ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true), "timed-out JVM is gone");

        InvocationResult after = f.invokeSync("{}");
        assertFalse(after.error(), after.payloadText());
        assertEquals(1, json(after).get("invocations").asInt(), "a fresh JVM");
        assertTrue(f.invocationStats().getLast().coldStart());
        assertEquals("timeout", f.invocationStats().get(1).outcome());
    }

    @Test
    void crashedJvmFailsItsInvocationAndIsRestarted() throws Exception {
        LambdaFunction f = function(HelloFunction.HANDLER, 10);
        InvocationResult r = f.invokeSync("{\"exit\":3}");
        assertTrue(r.error());
        assertEquals("Runtime.ExitError", r.errorType());
        assertTrue(json(r).get("errorMessage").asText().contains("exit status 3"));
        InvocationResult after = f.invokeSync("{}");
        assertFalse(after.error(), after.payloadText());
        assertEquals(1, json(after).get("invocations").asInt());
    }

    @Test
    void missingHandlerClassIsAnInitError() {
        LambdaFunction f = function("ch.srsconnect.local.testfn.NoSuchHandler::handleRequest", 10);
        InvocationResult r = f.invokeSync("{}");
        assertTrue(r.error());
        assertTrue(r.payloadText().contains("NoSuchHandler"), r.payloadText());
    }

    @Test
    void oneJvmServesRequestsInTurnUnlessMoreInstancesAreAllowed() throws Exception {
        LambdaFunction single = function(HelloFunction.HANDLER, 20);
        var a = single.invoke("{\"sleepMs\":300}".getBytes());
        var b = single.invoke("{\"sleepMs\":300}".getBytes());
        assertEquals(json(a.join()).get("loadedAt"), json(b.join()).get("loadedAt"), "queued behind the one JVM");
        assertEquals(1, single.livePids().size());

        LambdaFunction two = function(HelloFunction.HANDLER, 20, 2);
        // c keeps the first JVM busy far longer than a second JVM takes to start, even on a loaded machine,
        // so d can only be served by a JVM of its own
        var c = two.invoke("{\"sleepMs\":8000}".getBytes());
        var d = two.invoke("{\"sleepMs\":0}".getBytes());
        JsonNode rd = json(d.join());
        JsonNode rc = json(c.join());
        assertEquals(1, rc.get("invocations").asInt());
        assertEquals(1, rd.get("invocations").asInt(), "each ran in a JVM of its own");
        assertEquals(2, two.livePids().size());
        assertTrue(two.invocationStats().stream().allMatch(InvocationStat::coldStart));
    }
}
