package ch.srsconnect.local.aws;

import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;

import java.net.URI;

/**
 * DynamoDB Local in this JVM: {@code -inMemory -sharedDb -disableTelemetry -port N}.
 * All tables are lost on {@link #close()}. DynamoDB Local rejects port 0, so a free port is picked first.
 */
public final class EmbeddedDynamoDb implements AutoCloseable {

    private final DynamoDBProxyServer server;
    private final int port;

    private EmbeddedDynamoDb(DynamoDBProxyServer server, int port) {
        this.server = server;
        this.port = port;
    }

    /** Starts on a free port. */
    public static EmbeddedDynamoDb start() {
        return start(0);
    }

    /** Starts on {@code port}, or on a free port when {@code port} is 0 (retried if the port is taken meanwhile). */
    public static EmbeddedDynamoDb start(int port) {
        Exception last = null;
        for (int attempt = 0; attempt < (port == 0 ? 5 : 1); attempt++) {
            int p = port == 0 ? Ports.free() : port;
            try {
                DynamoDBProxyServer server = ServerRunner.createServerFromCommandLineArgs(new String[] {
                        "-inMemory", "-sharedDb", "-disableTelemetry", "-port", Integer.toString(p)});
                server.start();
                return new EmbeddedDynamoDb(server, p);
            } catch (Exception e) {
                last = e;
            }
        }
        throw new IllegalStateException("DynamoDB Local did not start", last);
    }

    public int port() {
        return port;
    }

    /** {@code http://localhost:<port>} (DynamoDB Local listens on all interfaces). */
    public URI endpoint() {
        return URI.create("http://localhost:" + port);
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("DynamoDB Local did not stop", e);
        }
    }
}
