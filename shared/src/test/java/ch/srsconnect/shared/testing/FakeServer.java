package ch.srsconnect.shared.testing;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/** A tiny scripted HTTP server on the JDK's HttpServer (fake IdP, SRS, Secrets Manager in unit tests). */
public final class FakeServer implements AutoCloseable {

    public record Request(String method, String path, String rawQuery, Headers headers, String body) {
        public String header(String name) {
            return headers.getFirst(name);
        }
    }

    /** What to answer. {@code drop} closes the connection without an answer; {@code hang} blocks until the server stops. */
    public record Response(int status, Map<String, String> headers, String body, boolean dropConnection, boolean hangUntilStopped) {
        public static Response json(int status, String body) {
            return new Response(status, Map.of("Content-Type", "application/json"), body, false, false);
        }

        public static Response status(int status) {
            return new Response(status, Map.of(), "", false, false);
        }

        public static Response drop() {
            return new Response(0, Map.of(), "", true, false);
        }

        public static Response hang() {
            return new Response(0, Map.of(), "", false, true);
        }

        public Response withHeader(String name, String value) {
            var h = new java.util.HashMap<>(headers);
            h.put(name, value);
            return new Response(status, Map.copyOf(h), body, dropConnection, hangUntilStopped);
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final Map<String, Function<Request, Response>> routes = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final CountDownLatch stopped = new CountDownLatch(1);

    public FakeServer() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Route by exact path (no query). */
    public FakeServer on(String path, Function<Request, Response> handler) {
        routes.put(path, handler);
        return this;
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    public List<Request> requests() {
        return requests;
    }

    public List<Request> requests(String path) {
        return requests.stream().filter(r -> r.path().equals(path)).toList();
    }

    private void handle(HttpExchange ex) throws IOException {
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Request req = new Request(ex.getRequestMethod(), ex.getRequestURI().getPath(), ex.getRequestURI().getRawQuery(),
                ex.getRequestHeaders(), body);
        requests.add(req);
        Function<Request, Response> h = routes.get(req.path());
        Response resp = h == null ? Response.status(404) : h.apply(req);
        if (resp.hangUntilStopped()) {
            try {
                stopped.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ex.close();
            return;
        }
        if (resp.dropConnection()) {
            ex.close();
            return;
        }
        resp.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
        byte[] bytes = resp.body() == null ? new byte[0] : resp.body().getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(resp.status(), bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        stopped.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}
