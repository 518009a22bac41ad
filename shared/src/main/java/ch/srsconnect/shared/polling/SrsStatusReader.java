package ch.srsconnect.shared.polling;

import ch.srsconnect.shared.http.HttpCall;
import ch.srsconnect.shared.http.SwisscomHttp;
import ch.srsconnect.shared.http.Urls;
import ch.srsconnect.shared.token.AccessTokens;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * {@code GET {SRS_BASE_URL}/api/identifications/{refId}} for the worker (idempotent: SwisscomHttp retries it).
 * Once {@code SrsClient.identification(refId)} is on main this delegates to it.
 */
public final class SrsStatusReader implements PollPorts.StatusSource {
    private final SwisscomHttp http;
    private final AccessTokens tokens;
    private final URI baseUrl;

    public SrsStatusReader(SwisscomHttp http, AccessTokens tokens, URI baseUrl) {
        this.http = http;
        this.tokens = tokens;
        this.baseUrl = baseUrl;
    }

    @Override
    public SrsSnapshot identification(String refId) {
        URI uri = Urls.resolve(baseUrl, "/api/identifications/" + URLEncoder.encode(refId, StandardCharsets.UTF_8));
        return SrsSnapshot.fromJson(http.send(HttpCall.get(uri, SrsSnapshot.ENDPOINT).bearer(tokens)).requireSuccess().json());
    }
}
