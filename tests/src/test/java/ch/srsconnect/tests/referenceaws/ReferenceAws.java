package ch.srsconnect.tests.referenceaws;

import java.net.InetAddress;
import org.junit.jupiter.api.Assumptions;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * An AWS emulator written by others, one per test JVM, chosen at run time: LocalStack through Testcontainers where a
 * Docker engine runs, else {@code moto_server} (moto, server mode) on a free loopback port where it is installed,
 * else none (the tests that need it are skipped with the reason). Same test code for both: only the endpoint differs.
 * Every scenario makes its own resources, so the classes can share it.
 */
public final class ReferenceAws {

    /** LocalStack's {@code latest} needs an auth token since March 2026: a pinned tag that does not. */
    static final DockerImageName LOCALSTACK_IMAGE = DockerImageName.parse("localstack/localstack:4.4.0");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    /** The backend: its name and version, one endpoint for every service, and the credentials it accepts. */
    public record Backend(String name, URI endpoint, String region, String accessKey, String secretKey) {}

    private static Backend backend;
    private static String unavailable;

    private ReferenceAws() {}

    /**
     * The shared backend, started on first use; skips the calling test (with the reason) where there is none, except
     * under CI ({@code CI=true}): CI machines have moto, so a missing one fails.
     */
    public static synchronized Backend require() {
        if (backend == null && unavailable == null) start();
        if (backend == null && "true".equals(System.getenv("CI"))) {
            throw new IllegalStateException("no reference AWS emulator under CI: " + unavailable);
        }
        Assumptions.assumeTrue(backend != null, () -> "no reference AWS emulator: " + unavailable);
        return backend;
    }

    private static void start() {
        try {
            if (dockerAvailable()) {
                LocalStackContainer ls = new LocalStackContainer(LOCALSTACK_IMAGE).withServices(
                        LocalStackContainer.EnabledService.named("secretsmanager"), LocalStackContainer.EnabledService.named("dynamodb"),
                        LocalStackContainer.EnabledService.named("sqs"), LocalStackContainer.EnabledService.named("events"));
                ls.start();
                Runtime.getRuntime().addShutdownHook(new Thread(ls::stop, "localstack-stop"));
                backend = new Backend("LocalStack " + LOCALSTACK_IMAGE.getVersionPart(), ls.getEndpoint(), ls.getRegion(),
                        ls.getAccessKey(), ls.getSecretKey());
            } else {
                backend = moto();
            }
        } catch (RuntimeException | IOException e) {
            unavailable = e.getMessage();
        }
        if (backend != null) System.out.println("[reference-aws] backend: " + backend.name() + " at " + backend.endpoint());
        else System.out.println("[reference-aws] none: " + unavailable);
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static Backend moto() throws IOException {
        String version = motoVersion();
        if (version == null) {
            throw new IllegalStateException("no Docker engine for LocalStack, and moto_server is not installed (pip install 'moto[server]')");
        }
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path log = Files.createTempFile("moto-server-", ".log");
        Process p = new ProcessBuilder("moto_server", "-H", "127.0.0.1", "-p", Integer.toString(port))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            p.descendants().forEach(ProcessHandle::destroy);
            p.destroy();
        }, "moto-stop"));
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (!listening(port)) {
            if (!p.isAlive() || Instant.now().isAfter(deadline)) {
                p.destroyForcibly();
                throw new IllegalStateException("moto_server did not start on port " + port + ": "
                        + Files.readString(log, StandardCharsets.UTF_8).strip());
            }
            pause();
        }
        return new Backend("moto " + version, URI.create("http://127.0.0.1:" + port), "eu-central-2", "test", "test");
    }

    private static String motoVersion() {
        try {
            Process p = new ProcessBuilder("python3", "-c", "import moto, shutil; assert shutil.which('moto_server'); print(moto.__version__)")
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0 ? out : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static boolean listening(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
