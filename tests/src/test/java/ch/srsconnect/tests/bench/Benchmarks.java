package ch.srsconnect.tests.bench;

import ch.srsconnect.local.LocalRuntime;
import ch.srsconnect.local.lambda.FunctionSpec;
import ch.srsconnect.local.lambda.InvocationStat;
import ch.srsconnect.local.lambda.LambdaFunction;
import ch.srsconnect.local.lambda.LambdaRuntimeOptions;
import ch.srsconnect.methods.ListMethodsHandler;
import ch.srsconnect.shared.Platform;
import ch.srsconnect.shared.config.Config;
import ch.srsconnect.shared.config.EnvVar;
import ch.srsconnect.tests.HttpApiEvents;
import ch.srsconnect.tests.TestEnvironment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Benchmarks that print figures (they assert nothing; the tests do). Run with {@code ./dev bench [name...]}:
 * {@code token-cache}, {@code cold-start}, {@code package-size}, or {@code all} (default).
 */
public final class Benchmarks {

    private static final Map<String, Runnable> BENCHMARKS = new LinkedHashMap<>();

    static {
        BENCHMARKS.put("token-cache", Benchmarks::tokenCache);
        BENCHMARKS.put("cold-start", Benchmarks::coldStart);
        BENCHMARKS.put("package-size", Benchmarks::packageSize);
        BENCHMARKS.put("polling", PollingBenchmark::fromProperties);
    }

    public static void main(String[] args) {
        // In-process handlers log (and emit EMF metric lines) to stdout; the figures are what this prints.
        ch.srsconnect.shared.log.LogContext.setSink(line -> { });
        List<String> names = new ArrayList<>();
        for (String arg : args) {   // ./dev bench cold-start -Dbench.runs=3: properties after the name too
            if (arg.startsWith("-D") && arg.contains("=")) {
                System.setProperty(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
            } else {
                names.add(arg);
            }
        }
        if (names.isEmpty() || names.equals(List.of("all"))) {
            names = List.copyOf(BENCHMARKS.keySet());
        }
        for (String name : names) {
            Runnable bench = BENCHMARKS.get(name);
            if (bench == null) {
                System.err.println("unknown benchmark '" + name + "'; known: " + BENCHMARKS.keySet());
                System.exit(2);
            }
            System.out.println("== " + name);
            try {
                bench.run();
            } catch (RuntimeException e) {   // the embedded stand-ins' threads would keep the JVM alive
                e.printStackTrace();
                System.exit(1);
            }
        }
        System.exit(0);
    }

    // ------------------------------------------------------------------ token cache

    /** IdP calls for 200 GET /methods over 4 containers (separate memory, one Secrets Manager), one token lifetime. */
    static void tokenCache() {
        TestEnvironment env = TestEnvironment.get();
        for (boolean together : new boolean[]{false, true}) {
            Config config = env.config(together ? "bench-token-together" : "bench-token-staggered")
                    .with(Map.of(EnvVar.METHODS_CACHE_TTL_SECONDS, "0"));
            List<ListMethodsHandler> containers = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                containers.add(new ListMethodsHandler(Platform.fromConfig(config)));
            }
            long tokens0 = env.simulator().stats().tokensIssued();
            long srs0 = env.simulator().stats().calls("GET /api/providers");
            long get0 = env.aws().secretsManager().callCount("GetSecretValue");
            long put0 = env.aws().secretsManager().callCount("PutSecretValue");
            int ok = 0;
            if (together) {
                ok += coldStartTogether(containers);
            }
            for (int i = ok; i < 200; i++) {
                if (status(containers.get(i % 4)) == 200) {
                    ok++;
                }
            }
            System.out.printf("%-34s 200 requests, 4 containers: %d ok, IdP token calls %d, SRS calls %d, "
                            + "GetSecretValue %d, PutSecretValue %d%n",
                    together ? "cold start together:" : "cold start one after another:", ok,
                    env.simulator().stats().tokensIssued() - tokens0,
                    env.simulator().stats().calls("GET /api/providers") - srs0,
                    env.aws().secretsManager().callCount("GetSecretValue") - get0,
                    env.aws().secretsManager().callCount("PutSecretValue") - put0);
        }
        System.out.println("(method-list cache off, so every request needs a token; GetSecretValue includes each "
                + "container's one read of the credentials secret)");
    }

    private static int coldStartTogether(List<ListMethodsHandler> containers) {
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(containers.size());
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (ListMethodsHandler h : containers) {
                results.add(pool.submit(() -> {
                    go.await();
                    return status(h);
                }));
            }
            go.countDown();
            int ok = 0;
            for (Future<Integer> r : results) {
                ok += r.get() == 200 ? 1 : 0;
            }
            return ok;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            pool.shutdownNow();
        }
    }

    private static int status(ListMethodsHandler handler) {
        return handler.handleRequest(HttpApiEvents.get("GET /methods", "/methods", "jurisdiction=EIDAS", "bench"), null)
                .getStatusCode();
    }

    // ------------------------------------------------------------------ cold start

    /** Each function with the event file of {@code events/} its cold start is measured with. */
    private static final Map<String, String> COLD_START_EVENTS = new LinkedHashMap<>();

    static {
        COLD_START_EVENTS.put("ListMethodsFunction", "list-methods-get.json");
        COLD_START_EVENTS.put("PlaceOrderFunction", "place-order-post.json");
        COLD_START_EVENTS.put("TermsFunction", "terms-start-phone-verification.json");
        COLD_START_EVENTS.put("PollSchedulerFunction", "poll-scheduler-tick.json");
        COLD_START_EVENTS.put("PollWorkerFunction", "poll-worker-batch.json");
    }

    /**
     * JVM start → first response of every function (its deployment zip, the template's environment, Lambda's runtime
     * client) next to a bare handler started the same way, over several fresh JVMs each, in one run. The runs are
     * interleaved (round i starts one JVM of the bare handler and then one of each function) so that a machine
     * getting busier or quieter during the run moves the bare handler's figures as much as the functions'.
     * {@code -Dbench.functions=ListMethodsFunction,...} picks some; {@code -Dbench.jvmOptions=...} adds JVM options
     * (for instance {@code -Xlog:class+load:file=/tmp/cl-%p.txt:uptime} to see what the first request loads).
     */
    static void coldStart() {
        int runs = Integer.getInteger("bench.runs", 5);
        LocalRuntime runtime = TestEnvironment.get().localRuntime();
        List<String> chosen = List.of(System.getProperty("bench.functions", String.join(",", COLD_START_EVENTS.keySet()))
                .split(","));
        // the bare handler runs with the template's memory and JVM options (list-methods' are the Globals')
        FunctionSpec reference = runtime.functions().get("ListMethodsFunction").spec();
        Path testClasses = TestEnvironment.projectRoot().resolve("tests/target/test-classes");
        Map<String, FunctionSpec> specs = new LinkedHashMap<>();
        Map<String, String> events = new LinkedHashMap<>();
        specs.put("bare handler", new FunctionSpec("Bare", BareHandler.class.getName() + "::handleRequest", testClasses,
                reference.memoryMb(), reference.timeoutSeconds(),
                Map.of("JAVA_TOOL_OPTIONS", reference.environment().getOrDefault("JAVA_TOOL_OPTIONS", ""))));
        events.put("bare handler", "{}");
        for (String id : chosen) {
            if (!COLD_START_EVENTS.containsKey(id)) {
                throw new IllegalArgumentException("-Dbench.functions: no function '" + id + "'; known: "
                        + COLD_START_EVENTS.keySet());
            }
            specs.put(id, runtime.functions().get(id).spec());
            events.put(id, read(TestEnvironment.projectRoot().resolve("events").resolve(COLD_START_EVENTS.get(id))));
        }
        Map<String, Runs> measured = new LinkedHashMap<>();
        specs.keySet().forEach(what -> measured.put(what, new Runs(new ArrayList<>(), new ArrayList<>(), new ArrayList<>())));
        for (int round = 0; round < runs; round++) {
            specs.forEach((what, spec) -> measureOnce(withExtraJvmOptions(spec), events.get(what), measured.get(what)));
        }
        long bareMedian = report("bare handler", measured.get("bare handler"), 0);
        chosen.forEach(id -> report(id, measured.get(id), bareMedian));
        System.out.printf("(%d fresh JVMs each, interleaved, -Xmx%dm, JAVA_TOOL_OPTIONS=%s; a first invocation"
                        + " includes its function's first Secrets Manager, IdP and Swisscom calls)%n", runs,
                reference.memoryMb(), reference.environment().get("JAVA_TOOL_OPTIONS"));
    }

    private record Runs(List<Long> coldMs, List<Long> firstInvocationMs, List<Long> warmMs) {
    }

    private static FunctionSpec withExtraJvmOptions(FunctionSpec spec) {
        String extra = System.getProperty("bench.jvmOptions", "");
        if (extra.isBlank()) {   // e.g. -Xlog:class+load:file=/tmp/cl-%p.txt:uptime, to see where the time goes
            return spec;
        }
        Map<String, String> environment = new LinkedHashMap<>(spec.environment());
        environment.merge("JAVA_TOOL_OPTIONS", extra, (a, b) -> a + " " + b);
        return new FunctionSpec(spec.name(), spec.handler(), spec.code(), spec.memoryMb(), spec.timeoutSeconds(),
                environment);
    }

    /** One fresh JVM: its first invocation (the cold start) and a second one (warm), added to {@code into}. */
    private static void measureOnce(FunctionSpec spec, String event, Runs into) {
        TestEnvironment env = TestEnvironment.get();
        Path work = tempDir();
        LambdaRuntimeOptions options = new LambdaRuntimeOptions(env.aws().region(), env.aws().accountId(),
                env.aws().endpointEnvironment(), work, 1, Duration.ofSeconds(60), line -> { });
        try (LambdaFunction f = new LambdaFunction(spec, options)) {
            f.invokeSync(event);
            f.invokeSync(event);
            List<InvocationStat> stats = f.invocationStats();
            if (!stats.get(0).outcome().equals("ok")) {
                throw new IllegalStateException(spec.name() + " failed: " + stats + " " + f.recentLogs());
            }
            into.coldMs().add(stats.get(0).jvmStartToFirstResponseMs());
            into.firstInvocationMs().add(stats.get(0).durationMs());
            into.warmMs().add(stats.get(1).durationMs());
        }
    }

    private static long report(String what, Runs runs, long bareMedian) {
        List<Long> c = runs.coldMs().stream().sorted().toList();
        List<Long> f = runs.firstInvocationMs().stream().sorted().toList();
        List<Long> w = runs.warmMs().stream().sorted().toList();
        long median = c.get(c.size() / 2);
        System.out.printf("%-22s cold (JVM start -> first response) median %5d ms  min %5d  max %5d%s"
                        + " | of which first invocation median %d ms | warm median %d ms%n",
                what + ":", median, c.getFirst(), c.getLast(),
                bareMedian == 0 ? "       " : String.format(" (%.1fx)", (double) median / bareMedian),
                f.get(f.size() / 2), w.get(w.size() / 2));
        return median;
    }

    // ------------------------------------------------------------------ package size

    static void packageSize() {
        Path functions = TestEnvironment.projectRoot().resolve("functions");
        try (var dirs = Files.list(functions)) {
            for (Path dir : dirs.filter(Files::isDirectory).sorted().toList()) {
                Path zip = dir.resolve("target").resolve(dir.getFileName() + ".zip");
                if (!Files.exists(zip)) {
                    continue;
                }
                try (ZipFile z = new ZipFile(zip.toFile())) {
                    List<? extends ZipEntry> jars = z.stream().filter(e -> e.getName().startsWith("lib/") && !e.isDirectory())
                            .sorted(Comparator.comparingLong(ZipEntry::getSize).reversed()).toList();
                    long unzipped = z.stream().mapToLong(ZipEntry::getSize).sum();
                    System.out.printf("%-14s %6.2f MB zip, %6.2f MB unzipped, %d jars; largest: %s%n",
                            dir.getFileName(), Files.size(zip) / 1e6, unzipped / 1e6, jars.size(),
                            jars.stream().limit(5).map(e -> e.getName().substring(4) + " " + e.getSize() / 1000 + " kB").toList());
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("bench-fn");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private Benchmarks() {
    }
}
