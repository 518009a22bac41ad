package ch.srsconnect.local.aws;

import com.typesafe.config.ConfigFactory;
import org.apache.pekko.actor.ActorSystem;
import org.elasticmq.NodeAddress;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import scala.concurrent.Await;
import scala.concurrent.duration.Duration;

import java.net.URI;
import java.util.concurrent.TimeUnit;

/**
 * ElasticMQ's SQS REST server in this JVM on 127.0.0.1, with region and account set so queue ARNs read
 * {@code arn:aws:sqs:<region>:<account>:<queue>}. Speaks the SQS JSON protocol the SDK v2 uses.
 * Pekko's own logging is set to WARNING (its default stdout logger would print INFO lines).
 */
public final class EmbeddedSqs implements AutoCloseable {

    private static final String PEKKO_CONFIG = """
            pekko.loglevel = "WARNING"
            pekko.stdout-loglevel = "WARNING"
            pekko.log-dead-letters = off
            pekko.log-dead-letters-during-shutdown = off
            pekko.coordinated-shutdown.run-by-jvm-shutdown-hook = off
            pekko.jvm-shutdown-hooks = off
            """;

    private final ActorSystem actorSystem;
    private final SQSRestServer server;
    private final int port;

    private EmbeddedSqs(ActorSystem actorSystem, SQSRestServer server, int port) {
        this.actorSystem = actorSystem;
        this.server = server;
        this.port = port;
    }

    /** Starts on a free port. */
    public static EmbeddedSqs start(String region, String accountId) {
        return start(0, region, accountId);
    }

    /** Starts on 127.0.0.1:{@code port}, or on a free port when {@code port} is 0. */
    public static EmbeddedSqs start(int port, String region, String accountId) {
        ActorSystem system = ActorSystem.create("elasticmq",
                ConfigFactory.parseString(PEKKO_CONFIG).withFallback(ConfigFactory.load()));
        try {
            var builder = SQSRestServerBuilder
                    .withActorSystem(system)
                    .withInterface("127.0.0.1")
                    .withAWSRegion(region)
                    .withAWSAccountId(accountId);
            // dynamic port: ElasticMQ binds port 0 and builds queue URLs from the bound address
            builder = port == 0 ? builder.withDynamicPort()
                    : builder.withPort(port).withServerAddress(new NodeAddress("http", "127.0.0.1", port, ""));
            SQSRestServer server = builder.start();
            int bound = server.waitUntilStarted().localAddress().getPort();
            return new EmbeddedSqs(system, server, bound);
        } catch (Exception e) { // Scala rethrows java.net.BindException undeclared
            terminate(system);
            throw new IllegalStateException("ElasticMQ did not start on port " + port, e);
        }
    }

    public int port() {
        return port;
    }

    /** {@code http://127.0.0.1:<port>}; queue URLs are {@code <endpoint>/<account>/<queue>}. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** How long a graceful stop may wait for open connections (e.g. a 20 s long poll) before the actor system is terminated. */
    private static final long GRACEFUL_STOP_MILLIS = 5_000;

    /**
     * Stops the server: gracefully when it can, otherwise by terminating its actor system, which closes every
     * connection. ElasticMQ's own {@code stopAndWait} waits up to a minute for clients still long-polling (a
     * function JVM or a test's poller) and then throws, which failed test teardown on a loaded machine.
     */
    @Override
    public void close() {
        Thread graceful = Thread.ofPlatform().daemon().name("elasticmq-stop").start(() -> {
            try {
                server.stopAndWait();
            } catch (RuntimeException ignored) {
                // the actor system is terminated below either way
            }
        });
        try {
            graceful.join(GRACEFUL_STOP_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            terminate(actorSystem);
        }
    }

    private static void terminate(ActorSystem system) {
        try {
            Await.result(system.terminate(), Duration.create(10, TimeUnit.SECONDS));
        } catch (Exception e) {
            throw new IllegalStateException("ElasticMQ's actor system did not stop", e);
        }
    }
}
