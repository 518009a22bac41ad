package ch.srsconnect.shared.smartflows;

import ch.srsconnect.shared.http.SwisscomProtocolException;
import ch.srsconnect.shared.log.Sensitive;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * Smart Flows' T&C link ({@code https://rasd.../t/<token>}) and the token it carries: its last path segment
 * (srs-api.md §6, assumed). The token is only ever taken from here, never from a caller.
 */
public record TermsLink(URI link, TermsToken token) implements Sensitive {

    /** Parses a link; anything that is not an absolute http(s) URL with a last path segment is a protocol error. */
    public static TermsLink parse(String endpoint, String text) {
        URI u;
        try {
            u = new URI(text.trim());
        } catch (URISyntaxException e) {
            throw new SwisscomProtocolException(endpoint, "T&C link is not a URL");
        }
        if (!u.isAbsolute() || !("https".equals(u.getScheme()) || "http".equals(u.getScheme())) || u.getRawPath() == null) {
            throw new SwisscomProtocolException(endpoint, "T&C link is not an http(s) URL");
        }
        String path = u.getPath();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        int slash = path.lastIndexOf('/');
        String last = slash < 0 ? path : path.substring(slash + 1);
        if (last.isBlank()) {
            throw new SwisscomProtocolException(endpoint, "T&C link has no token");
        }
        return new TermsLink(u, new TermsToken(last));
    }

    @Override
    public String toString() {
        return "TermsLink[***]";
    }
}
