package ch.srsconnect.shared.http;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** Builds request URIs from a configured base URL (with or without path prefix / trailing slash). */
public final class Urls {
    private Urls() {}

    /**
     * {@code base} + {@code path} + encoded query. {@code path} starts with {@code /}; its segments must
     * already be encoded (use {@link #segment} for values). Repeated parameters keep their order.
     */
    public static URI resolve(URI base, String path, Map<String, List<String>> query) {
        String b = base.toString();
        while (b.endsWith("/")) {
            b = b.substring(0, b.length() - 1);
        }
        StringBuilder sb = new StringBuilder(b).append(path);
        if (query != null && !query.isEmpty()) {
            char sep = '?';
            for (Map.Entry<String, List<String>> e : query.entrySet()) {
                for (String v : e.getValue()) {
                    sb.append(sep).append(encode(e.getKey())).append('=').append(encode(v == null ? "" : v));
                    sep = '&';
                }
            }
        }
        return URI.create(sb.toString());
    }

    public static URI resolve(URI base, String path) {
        return resolve(base, path, Map.of());
    }

    /** One path segment, percent-encoded (spaces as {@code %20}, slashes encoded). */
    public static String segment(String value) {
        return encode(value);
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
