package ch.srsconnect.local.aws;

import com.amazonaws.services.dynamodbv2.local.server.LocalDynamoDBRequestHandler;
import com.amazonaws.services.dynamodbv2.local.server.LocalDynamoDBServerHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;

import java.net.URI;

/**
 * DynamoDB Local in this JVM, in memory, one shared database for every region and credential
 * (what {@code -inMemory -sharedDb -disableTelemetry} gives), on 127.0.0.1 only.
 *
 * <p>DynamoDB Local's own {@code ServerRunner}/{@code DynamoDBProxyServer} bind every interface, reject
 * port 0, print their configuration to stdout and only print (not throw) when the port is taken. So this
 * class puts DynamoDB Local's request handler into its own Jetty server (the Jetty 12 that DynamoDB Local
 * brings) bound to loopback; port 0 picks a free port with no race. Telemetry is never configured.
 * All tables are lost on {@link #close()}.
 */
public final class EmbeddedDynamoDb implements AutoCloseable {

    private final Server jetty;
    private final LocalDynamoDBServerHandler handler;
    private final int port;

    private EmbeddedDynamoDb(Server jetty, LocalDynamoDBServerHandler handler, int port) {
        this.jetty = jetty;
        this.handler = handler;
        this.port = port;
    }

    /** Starts on a free port. */
    public static EmbeddedDynamoDb start() {
        return start(0);
    }

    /** Starts on 127.0.0.1:{@code port}, or on a free port when {@code port} is 0. */
    public static EmbeddedDynamoDb start(int port) {
        LocalDynamoDBServerHandler handler = null;
        Server jetty = null;
        try {
            // (0, inMemory, dbPath, sharedDb, delayTransientStatuses): as ServerRunner builds it for
            // -inMemory -sharedDb; the leading 0 is what ServerRunner passes too
            LocalDynamoDBRequestHandler requests = new LocalDynamoDBRequestHandler(0, true, null, true, false);
            handler = new LocalDynamoDBServerHandler(requests, null);
            ContextHandler context = new ContextHandler();
            context.setHandler(handler);
            ContextHandlerCollection contexts = new ContextHandlerCollection();
            contexts.addHandler(context);

            jetty = new Server();
            ServerConnector connector = new ServerConnector(jetty);
            connector.setHost("127.0.0.1");
            connector.setPort(port);
            jetty.addConnector(connector);
            jetty.setHandler(contexts);
            jetty.start();
            return new EmbeddedDynamoDb(jetty, handler, connector.getLocalPort());
        } catch (Exception e) {
            stopQuietly(jetty, handler);
            throw new IllegalStateException("DynamoDB Local did not start on port " + port, e);
        }
    }

    public int port() {
        return port;
    }

    /** {@code http://127.0.0.1:<port>}. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    @Override
    public void close() {
        try {
            jetty.stop();
        } catch (Exception e) {
            throw new IllegalStateException("DynamoDB Local did not stop", e);
        } finally {
            handler.close();
        }
    }

    private static void stopQuietly(Server jetty, LocalDynamoDBServerHandler handler) {
        try {
            if (jetty != null) {
                jetty.stop();
            }
        } catch (Exception ignored) {
            // already failing
        }
        if (handler != null) {
            handler.close();
        }
    }
}
