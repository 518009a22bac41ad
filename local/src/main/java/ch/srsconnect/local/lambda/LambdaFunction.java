package ch.srsconnect.local.lambda;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * One function, run as Lambda runs it: each instance is its own JVM running Lambda's Java runtime interface
 * client ({@code com.amazonaws.services.lambda.runtime.api.client.AWSLambda <Handler>}) against a Runtime API
 * served here (one JDK HttpServer per instance). Instances start on the first invoke (or {@link #prestart()}),
 * are restarted after a crash, and are killed when an invocation exceeds the function's Timeout.
 */
public final class LambdaFunction implements AutoCloseable {

    private static final String API = "/2018-06-01/runtime";
    private static final Pattern INVOCATION_PATH = Pattern.compile(API + "/invocation/([^/]+)/(response|error)");

    private final FunctionSpec spec;
    private final LambdaRuntimeOptions options;
    private final Path taskRoot;
    private final List<Path> runtimeClientJars;
    private final LinkedBlockingDeque<Invocation> pending = new LinkedBlockingDeque<>();
    private final List<Instance> instances = new ArrayList<>();
    private final List<InvocationStat> stats = new CopyOnWriteArrayList<>();
    private final Deque<String> recentLogs = new ArrayDeque<>();
    private final ScheduledExecutorService timer;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final AtomicInteger instanceCounter = new AtomicInteger();
    private volatile boolean closed;

    public LambdaFunction(FunctionSpec spec, LambdaRuntimeOptions options) {
        this.spec = spec;
        this.options = options;
        this.taskRoot = prepareTaskRoot(spec, options.workDir());
        this.runtimeClientJars = RuntimeClientJars.find();
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "lambda-timer-" + spec.name());
            t.setDaemon(true);
            return t;
        });
    }

    public FunctionSpec spec() {
        return spec;
    }

    public Path taskRoot() {
        return taskRoot;
    }

    public String arn() {
        return "arn:aws:lambda:" + options.region() + ":" + options.accountId() + ":function:" + spec.name();
    }

    /** Invokes the function with a JSON event; completes when the handler answered, failed, timed out or crashed. */
    public CompletableFuture<InvocationResult> invoke(byte[] event) {
        if (closed) throw new IllegalStateException(spec.name() + " is closed");
        Invocation inv = new Invocation(UUID.randomUUID().toString(), event);
        pending.add(inv);
        ensureCapacity();
        return inv.future;
    }

    public InvocationResult invokeSync(String eventJson) {
        return invoke(eventJson.getBytes(StandardCharsets.UTF_8)).join();
    }

    /** Starts an instance now (--eager) instead of on the first invoke. */
    public synchronized void prestart() {
        pruneDead();
        if (instances.isEmpty()) startInstance();
    }

    public List<InvocationStat> invocationStats() {
        return List.copyOf(stats);
    }

    /** The last lines the function JVMs wrote (stdout and stderr), without the prefix. */
    public List<String> recentLogs() {
        synchronized (recentLogs) {
            return List.copyOf(recentLogs);
        }
    }

    /** Number of JVMs currently running for this function. */
    public synchronized int liveInstances() {
        pruneDead();
        return instances.size();
    }

    /** Process ids of the live JVMs (tests check a timeout really kills one). */
    public synchronized List<Long> livePids() {
        pruneDead();
        return instances.stream().map(i -> i.process.pid()).toList();
    }

    @Override
    public void close() {
        closed = true;
        List<Instance> all;
        synchronized (this) {
            all = List.copyOf(instances);
            instances.clear();
        }
        for (Instance i : all) i.kill();
        for (Instance i : all) {
            try {
                i.process.onExit().get(5, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                // destroyForcibly was asked; nothing more to do
            }
        }
        Invocation inv;
        while ((inv = pending.poll()) != null) {
            inv.future.complete(InvocationResult.failure(inv.requestId, "Runtime.Shutdown", "local runtime is shutting down"));
        }
        timer.shutdownNow();
        threads.shutdownNow();
        if (!Files.isDirectory(spec.code())) {
            try {
                deleteTree(taskRoot);
            } catch (IOException e) {
                options.logSink().accept("[" + spec.name() + "] could not remove " + taskRoot + ": " + e);
            }
        }
    }

    // ---------------------------------------------------------------- instances

    private synchronized void ensureCapacity() {
        if (closed) return;
        pruneDead();
        long idle = instances.stream().filter(i -> i.current == null).count();
        if (pending.size() > idle && instances.size() < options.maxInstances()) {
            startInstance();
        }
    }

    private void pruneDead() {
        instances.removeIf(i -> i.dead);
    }

    private void startInstance() {
        Instance instance = new Instance(instanceCounter.incrementAndGet());
        instance.start();
        instances.add(instance);
    }

    private void failPending(String errorType, String message) {
        Invocation inv;
        while ((inv = pending.poll()) != null) {
            stats.add(new InvocationStat(spec.name(), inv.requestId, false, -1, 0, "init-error"));
            inv.future.complete(InvocationResult.failure(inv.requestId, errorType, message));
        }
    }

    private void log(String line) {
        synchronized (recentLogs) {
            recentLogs.addLast(line);
            while (recentLogs.size() > 1000) recentLogs.removeFirst();
        }
        options.logSink().accept("[" + spec.name() + "] " + line);
    }

    private final class Invocation {
        final String requestId;
        final byte[] event;
        final CompletableFuture<InvocationResult> future = new CompletableFuture<>();
        volatile long dispatchedNanos;
        volatile boolean coldStart;
        volatile ScheduledFuture<?> timeout;

        Invocation(String requestId, byte[] event) {
            this.requestId = requestId;
            this.event = event;
        }
    }

    private final class Instance {
        final int number;
        HttpServer server;
        Process process;
        long startNanos;
        volatile boolean dead;
        volatile boolean askedForWork;
        volatile boolean servedAny;
        volatile boolean firstResponseRecorded;
        volatile Invocation current;

        Instance(int number) {
            this.number = number;
        }

        void start() {
            try {
                server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot open a Runtime API port for " + spec.name(), e);
            }
            server.setExecutor(threads);
            server.createContext(API, this::handle);
            server.start();
            String runtimeApi = "127.0.0.1:" + server.getAddress().getPort();

            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.add("-XX:+TieredCompilation");
            command.add("-XX:TieredStopAtLevel=1");
            command.add("-Xmx" + spec.memoryMb() + "m");
            command.add("--enable-native-access=ALL-UNNAMED"); // the runtime client loads its JNI library
            command.add("-cp");
            List<String> cp = new ArrayList<>();
            cp.add(taskRoot.toString());
            cp.add(taskRoot.resolve("lib") + "/*");
            runtimeClientJars.forEach(p -> cp.add(p.toString()));
            command.add(String.join(java.io.File.pathSeparator, cp));
            command.add("com.amazonaws.services.lambda.runtime.api.client.AWSLambda");
            command.add(spec.handler());

            ProcessBuilder pb = new ProcessBuilder(command).directory(taskRoot.toFile());
            Map<String, String> env = pb.environment();
            env.clear();
            env.putAll(environment(runtimeApi, number));
            try {
                startNanos = System.nanoTime();
                process = pb.start();
            } catch (IOException e) {
                server.stop(0);
                throw new UncheckedIOException("cannot start the JVM of " + spec.name(), e);
            }
            pipe(process.getInputStream());
            pipe(process.getErrorStream());
            process.onExit().thenRun(this::exited);
            timer.schedule(() -> {
                if (!askedForWork && !dead) {
                    log("runtime did not ask for work within " + options.initTimeout().toSeconds() + " s: killing it");
                    kill();
                }
            }, options.initTimeout().toMillis(), TimeUnit.MILLISECONDS);
        }

        Map<String, String> environment(String runtimeApi, int instanceNumber) {
            Map<String, String> env = new TreeMap<>(options.platformEnvironment());
            env.putAll(spec.environment());
            env.put("AWS_LAMBDA_RUNTIME_API", runtimeApi);
            env.put("_HANDLER", spec.handler());
            env.put("AWS_LAMBDA_FUNCTION_NAME", spec.name());
            env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
            env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", String.valueOf(spec.memoryMb()));
            env.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + spec.name());
            env.put("AWS_LAMBDA_LOG_STREAM_NAME", "local/[$LATEST]" + instanceNumber);
            env.put("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand");
            env.put("AWS_EXECUTION_ENV", "AWS_Lambda_java21");
            env.put("AWS_REGION", options.region());
            env.put("AWS_DEFAULT_REGION", options.region());
            env.put("LAMBDA_TASK_ROOT", taskRoot.toString());
            env.put("LAMBDA_RUNTIME_DIR", taskRoot.toString());
            env.put("TZ", ":UTC");
            env.put("LANG", "en_US.UTF-8");
            env.put("PATH", "/usr/local/bin:/usr/bin/:/bin:/opt/bin");
            return env;
        }

        void pipe(InputStream stream) {
            threads.submit(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = r.readLine()) != null) log(line);
                } catch (IOException ignored) {
                    // process gone
                }
            });
        }

        void kill() {
            dead = true;
            if (process != null) process.destroyForcibly();
        }

        void exited() {
            dead = true;
            server.stop(0);
            Invocation inv = current;
            current = null;
            int code = process.exitValue();
            if (inv != null && !inv.future.isDone()) {
                if (inv.timeout != null) inv.timeout.cancel(false);
                stats.add(new InvocationStat(spec.name(), inv.requestId, inv.coldStart, -1, elapsedMs(inv), "crash"));
                inv.future.complete(InvocationResult.failure(inv.requestId, "Runtime.ExitError",
                        "RequestId: " + inv.requestId + " Error: Runtime exited with error: exit status " + code));
            }
            if (!closed) log("JVM exited (status " + code + ")");
            if (!askedForWork) {
                // died during init: do not loop restarting; everything waiting fails with the reason
                synchronized (LambdaFunction.this) {
                    pruneDead();
                    if (instances.isEmpty()) {
                        failPending("Runtime.ExitError", "Runtime exited during init with status " + code
                                + " (see the function's log lines)");
                    }
                }
            } else if (!pending.isEmpty()) {
                ensureCapacity();
            }
        }

        void handle(HttpExchange exchange) throws IOException {
            try (exchange) {
                String path = exchange.getRequestURI().getPath();
                String method = exchange.getRequestMethod();
                if (method.equals("GET") && path.equals(API + "/invocation/next")) {
                    next(exchange);
                    return;
                }
                if (method.equals("POST") && path.equals(API + "/init/error")) {
                    byte[] body = exchange.getRequestBody().readAllBytes();
                    reply(exchange, 202, "{\"status\":\"OK\"}");
                    String text = new String(body, StandardCharsets.UTF_8);
                    log("init error: " + text);
                    askedForWork = true; // it did talk to us: do not treat as a silent crash
                    synchronized (LambdaFunction.this) {
                        failPendingWith(body, errorType(exchange, body));
                    }
                    kill();
                    return;
                }
                Matcher m = INVOCATION_PATH.matcher(path);
                if (method.equals("POST") && m.matches()) {
                    finish(exchange, m.group(1), m.group(2).equals("error"));
                    return;
                }
                reply(exchange, 404, "{\"errorMessage\":\"not found\",\"errorType\":\"NotFound\"}");
            }
        }

        void failPendingWith(byte[] body, String errorType) {
            Invocation inv;
            while ((inv = pending.poll()) != null) {
                stats.add(new InvocationStat(spec.name(), inv.requestId, true, -1, 0, "init-error"));
                inv.future.complete(new InvocationResult(inv.requestId, true, errorType, body));
            }
        }

        void next(HttpExchange exchange) throws IOException {
            askedForWork = true;
            Invocation inv = null;
            try {
                while (inv == null) {
                    if (dead || closed) {
                        reply(exchange, 410, "{\"errorMessage\":\"shutting down\",\"errorType\":\"Gone\"}");
                        return;
                    }
                    inv = pending.poll(250, TimeUnit.MILLISECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (dead) {
                pending.addFirst(inv);
                return;
            }
            inv.coldStart = !servedAny;
            servedAny = true;
            inv.dispatchedNanos = System.nanoTime();
            current = inv;
            long deadline = System.currentTimeMillis() + spec.timeoutSeconds() * 1000L;
            Invocation timed = inv;
            inv.timeout = timer.schedule(() -> timedOut(timed), spec.timeoutSeconds(), TimeUnit.SECONDS);
            var h = exchange.getResponseHeaders();
            h.set("Content-Type", "application/json");
            h.set("Lambda-Runtime-Aws-Request-Id", inv.requestId);
            h.set("Lambda-Runtime-Deadline-Ms", String.valueOf(deadline));
            h.set("Lambda-Runtime-Invoked-Function-Arn", arn());
            h.set("Lambda-Runtime-Trace-Id", traceId());
            try {
                exchange.sendResponseHeaders(200, inv.event.length == 0 ? -1 : inv.event.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(inv.event);
                }
            } catch (IOException e) {
                // the runtime client went away while we handed it the event: give the event to the next instance
                inv.timeout.cancel(false);
                current = null;
                pending.addFirst(inv);
                throw e;
            }
        }

        void finish(HttpExchange exchange, String requestId, boolean isError) throws IOException {
            byte[] body = exchange.getRequestBody().readAllBytes();
            Invocation inv = current;
            if (inv == null || !inv.requestId.equals(requestId)) {
                reply(exchange, 400, "{\"errorMessage\":\"Invalid request ID\",\"errorType\":\"InvalidRequestID\"}");
                return;
            }
            current = null;
            if (inv.timeout != null) inv.timeout.cancel(false);
            reply(exchange, 202, "{\"status\":\"OK\"}");
            long jvmToFirst = -1;
            if (!firstResponseRecorded) {
                firstResponseRecorded = true;
                jvmToFirst = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
            }
            stats.add(new InvocationStat(spec.name(), requestId, inv.coldStart, inv.coldStart ? jvmToFirst : -1,
                    elapsedMs(inv), isError ? "error" : "ok"));
            inv.future.complete(isError
                    ? new InvocationResult(requestId, true, errorType(exchange, body), body)
                    : new InvocationResult(requestId, false, null, body));
            if (!pending.isEmpty()) ensureCapacity();
        }

        void timedOut(Invocation inv) {
            if (current != inv || inv.future.isDone()) return;
            current = null;
            stats.add(new InvocationStat(spec.name(), inv.requestId, inv.coldStart, -1, elapsedMs(inv), "timeout"));
            String message = String.format("%s Task timed out after %d.00 seconds", inv.requestId, spec.timeoutSeconds());
            log(message + ": killing the JVM");
            inv.future.complete(InvocationResult.failure(inv.requestId, "Sandbox.Timedout", message));
            kill();
        }
    }

    // ---------------------------------------------------------------- helpers

    private static long elapsedMs(Invocation inv) {
        return inv.dispatchedNanos == 0 ? 0 : TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - inv.dispatchedNanos);
    }

    private static String errorType(HttpExchange exchange, byte[] body) {
        String header = exchange.getRequestHeaders().getFirst("Lambda-Runtime-Function-Error-Type");
        Matcher m = Pattern.compile("\"errorType\"\\s*:\\s*\"([^\"]*)\"").matcher(new String(body, StandardCharsets.UTF_8));
        if (m.find()) return m.group(1);
        return header != null ? header : "Unhandled";
    }

    private static String traceId() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        byte[] id = new byte[12];
        byte[] parent = new byte[8];
        r.nextBytes(id);
        r.nextBytes(parent);
        return "Root=1-" + Long.toHexString(System.currentTimeMillis() / 1000) + "-" + HexFormat.of().formatHex(id)
                + ";Parent=" + HexFormat.of().formatHex(parent) + ";Sampled=0";
    }

    private static void reply(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /**
     * A directory is used as it is; a zip is unpacked into a directory of its own under workDir/functions/<function>/
     * (so runtimes sharing a work dir never unpack over each other), removed again by {@link #close()}. Leftovers of
     * runtimes that did not close (older than 12 h) are removed.
     */
    static Path prepareTaskRoot(FunctionSpec spec, Path workDir) {
        Path code = spec.code();
        if (Files.isDirectory(code)) return code.toAbsolutePath();
        if (!Files.isRegularFile(code)) {
            throw new IllegalStateException(spec.name() + ": CodeUri " + code + " does not exist: build it first (./mvnw package)");
        }
        Path parent = workDir.resolve("functions").resolve(spec.name()).toAbsolutePath().normalize();
        Path target = parent.resolve(Long.toString(System.currentTimeMillis(), 36) + "-" + UUID.randomUUID().toString().substring(0, 8));
        try {
            if (Files.isDirectory(parent)) {
                long cutoff = System.currentTimeMillis() - TimeUnit.HOURS.toMillis(12);
                try (Stream<Path> old = Files.list(parent)) {
                    for (Path p : old.toList()) {
                        if (Files.getLastModifiedTime(p).toMillis() < cutoff) deleteTree(p);
                    }
                }
            }
            Files.createDirectories(target);
            try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(code))) {
                ZipEntry e;
                while ((e = zip.getNextEntry()) != null) {
                    Path out = target.resolve(e.getName()).normalize();
                    if (!out.startsWith(target)) throw new IOException("zip entry outside the task root: " + e.getName());
                    if (e.isDirectory()) {
                        Files.createDirectories(out);
                    } else {
                        Files.createDirectories(out.getParent());
                        Files.copy(zip, out);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack " + code + " for " + spec.name(), e);
        }
        return target;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }
}
