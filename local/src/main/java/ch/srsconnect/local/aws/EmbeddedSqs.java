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

    /** Starts on {@code port}, or on a free port when {@code port} is 0 (retried if the port is taken meanwhile). */
    public static EmbeddedSqs start(int port, String region, String accountId) {
        ActorSystem system = ActorSystem.create("elasticmq",
                ConfigFactory.parseString(PEKKO_CONFIG).withFallback(ConfigFactory.load()));
        RuntimeException last = null;
        for (int attempt = 0; attempt < (port == 0 ? 5 : 1); attempt++) {
            int p = port == 0 ? Ports.free() : port;
            try {
                SQSRestServer server = SQSRestServerBuilder
                        .withActorSystem(system)
                        .withInterface("127.0.0.1")
                        .withPort(p)
                        .withServerAddress(new NodeAddress("http", "127.0.0.1", p, ""))
                        .withAWSRegion(region)
                        .withAWSAccountId(accountId)
                        .start();
                server.waitUntilStarted();
                return new EmbeddedSqs(system, server, p);
            } catch (RuntimeException e) {
                last = e;
            }
        }
        terminate(system);
        throw new IllegalStateException("ElasticMQ did not start", last);
    }

    public int port() {
        return port;
    }

    /** {@code http://127.0.0.1:<port>}; queue URLs are {@code <endpoint>/<account>/<queue>}. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    @Override
    public void close() {
        try {
            server.stopAndWait();
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
