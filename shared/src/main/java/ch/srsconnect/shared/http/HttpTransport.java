package ch.srsconnect.shared.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpRetryException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;

/**
 * How {@link SwisscomHttp} reaches Swisscom: {@link HttpURLConnection}, HTTP/1.1 with the JDK's keep-alive pool, no
 * redirects, no caches. It is the HTTP and TLS stack that the AWS SDK's {@code UrlConnectionHttpClient} loads in every
 * function anyway; {@code java.net.http}, used before, loaded a second one on the cold start's path (about 200 ms;
 * docs/performance.md, decision 0060).
 *
 * <p>A body is sent in fixed-length streaming mode, which also keeps the JDK from re-sending a POST on its own when a
 * pooled connection turns out to be closed: whether to repeat an order is {@link SwisscomHttp}'s decision.
 */
public final class HttpTransport {

    /** A connection could not be made: nothing was sent, so any call may be tried again. */
    static final class NotSentException extends IOException {
        NotSentException(IOException cause) {
            super(cause.getClass().getSimpleName(), cause);
        }
    }

    /** One answer: status, headers (names case-insensitive), body as UTF-8 text ({@code ""} if none). */
    public record Response(int status, Map<String, List<String>> headers, String body) {
        public Optional<String> header(String name) {
            return firstValue(headers, name);
        }
    }

    /** The first value of a header in a map of headers (case-insensitive if the map is, as {@link #exchange}'s are). */
    static Optional<String> firstValue(Map<String, List<String>> headers, String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.ofNullable(values.getFirst());
    }

    private final Duration connectTimeout;
    private final Supplier<SSLContext> tls;
    private volatile SSLSocketFactory sockets;   // made on the first HTTPS call

    private HttpTransport(Duration connectTimeout, Supplier<SSLContext> tls) {
        this.connectTimeout = connectTimeout;
        this.tls = tls;
    }

    /**
     * With the JVM's default TLS context (its trust store, no client certificate), taken on the first HTTPS call:
     * building it reads the trust store, about 110 ms in a fresh JVM. In AWS the first HTTPS call of a container is
     * the warm-up's Secrets Manager read during init, which builds the same default context; plain-HTTP endpoints
     * (the local runtime) never need it.
     */
    public static HttpTransport of(HttpSettings settings) {
        return new HttpTransport(settings.connectTimeout(), HttpTransport::defaultContext);
    }

    /** Presenting the TLS identity of {@code tls} (mTLS). */
    public static HttpTransport of(HttpSettings settings, SSLContext tls) {
        return new HttpTransport(settings.connectTimeout(), () -> tls);
    }

    private static SSLContext defaultContext() {
        try {
            return SSLContext.getDefault();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no default TLS context", e);
        }
    }

    public SSLContext sslContext() {
        return tls.get();
    }

    /**
     * New connections from now on. The JDK pools HTTPS connections per socket factory, so a new factory of the same
     * TLS context never reuses a connection opened before (after a SnapStart restore those belong to the snapshot).
     */
    void reconnect() {
        if (sockets != null) {
            sockets = tls.get().getSocketFactory();
        }
    }

    /** The factory HTTPS connections are made with, made on first use. */
    SSLSocketFactory socketFactory() {
        SSLSocketFactory f = sockets;
        if (f == null) {
            synchronized (this) {
                f = sockets;
                if (f == null) {
                    f = tls.get().getSocketFactory();
                    sockets = f;
                }
            }
        }
        return f;
    }

    /**
     * One request. {@code timeout} bounds the connection and each read of the answer.
     *
     * @throws NotSentException the connection could not be made
     * @throws IOException the request or the answer failed on the way ({@link java.net.SocketTimeoutException}: timed out)
     */
    Response exchange(String method, URI uri, Map<String, String> headers, byte[] body, Duration timeout)
            throws IOException {
        HttpURLConnection c = (HttpURLConnection) uri.toURL().openConnection();
        if (c instanceof HttpsURLConnection https) {
            https.setSSLSocketFactory(socketFactory());
        }
        c.setInstanceFollowRedirects(false);
        c.setUseCaches(false);
        c.setConnectTimeout(millis(connectTimeout.compareTo(timeout) < 0 ? connectTimeout : timeout));
        c.setReadTimeout(millis(timeout));
        c.setRequestMethod(method);
        headers.forEach(c::setRequestProperty);
        if (body != null) {
            c.setDoOutput(true);
            c.setFixedLengthStreamingMode(body.length);
        }
        try {
            c.connect();
        } catch (IOException e) {
            throw new NotSentException(e);
        }
        if (body != null) {
            try (OutputStream out = c.getOutputStream()) {
                out.write(body);
            }
        }
        return read(c);
    }

    private static Response read(HttpURLConnection c) throws IOException {
        int status;
        try {
            status = c.getResponseCode();
        } catch (HttpRetryException e) {
            // a 401 to a streamed body: the JDK gives up the body; the status is what the caller needs
            return new Response(e.responseCode(), Map.of(), "");
        }
        String text;
        try (InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream()) {
            text = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        c.getHeaderFields().forEach((name, values) -> {
            if (name != null) {   // the status line
                headers.put(name, values);
            }
        });
        return new Response(status, Collections.unmodifiableMap(headers), text);
    }

    private static int millis(Duration d) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, d.toMillis()));
    }
}
