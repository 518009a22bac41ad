package ch.srsconnect.shared.token;

import ch.srsconnect.shared.contract.SwisscomContract;
import ch.srsconnect.shared.http.HttpCall;
import ch.srsconnect.shared.http.HttpResult;
import ch.srsconnect.shared.http.SwisscomHttp;
import ch.srsconnect.shared.http.SwisscomProtocolException;
import ch.srsconnect.shared.http.SwisscomRejectedException;
import ch.srsconnect.shared.log.Sensitive;
import com.fasterxml.jackson.databind.JsonNode;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * OAuth2 client-credentials grant against Swisscom's IdP ({@code POST {IDP_TOKEN_URL}}); the client id and secret as
 * HTTP Basic or as form fields, as {@code IDP_CLIENT_AUTH} says (SwisscomContract).
 */
public final class IdpClient {
    static final String ENDPOINT = "POST /oauth/token";

    private final SwisscomHttp http;
    private final URI tokenUrl;

    public IdpClient(SwisscomHttp http, URI tokenUrl) {
        this.http = http;
        this.tokenUrl = tokenUrl;
    }

    /** A token and its lifetime in seconds ({@code expires_in}; 0 when the IdP did not say). */
    public record IssuedToken(String accessToken, long expiresInSeconds) implements Sensitive {
        @Override
        public String toString() {
            return "IssuedToken[redacted, expiresIn=" + expiresInSeconds + "]";
        }
    }

    /** Thrown when the IdP answers 401: the credentials are wrong or were rotated. */
    public static final class InvalidClientException extends RuntimeException {
        InvalidClientException() {
            super("IdP rejected the client credentials (HTTP 401)", null, false, false);
        }
    }

    /**
     * Requests a token. The POST is retried like an idempotent call: asking twice only issues two tokens.
     *
     * @throws InvalidClientException on 401
     * @throws SwisscomRejectedException on another 4xx
     * @throws SwisscomProtocolException when the answer has no {@code access_token}
     */
    public IssuedToken fetch(ClientCredentials credentials, String scope) {
        String form = "grant_type=client_credentials&scope=" + URLEncoder.encode(scope, StandardCharsets.UTF_8);
        HttpCall call;
        if (http.settings().contract().idpClientAuth() == SwisscomContract.IdpClientAuth.FORM) {
            // RFC 6749 client_secret_post, as the Postman sample passes them (it uses the query string)
            call = HttpCall.postForm(tokenUrl, ENDPOINT, form + "&client_id=" + URLEncoder.encode(credentials.clientId(), StandardCharsets.UTF_8)
                    + "&client_secret=" + URLEncoder.encode(credentials.clientSecret(), StandardCharsets.UTF_8));
        } else {
            call = HttpCall.postForm(tokenUrl, ENDPOINT, form).header("Authorization", credentials.basicAuthorization());
        }
        HttpResult r = http.send(call.idempotent(true));
        if (r.status() == 401) {
            throw new InvalidClientException();
        }
        JsonNode body = r.requireSuccess().json();
        JsonNode token = body.get("access_token");
        if (token == null || !token.isTextual() || token.asText().isBlank()) {
            throw new SwisscomProtocolException(ENDPOINT, "no access_token in the IdP answer");
        }
        JsonNode expiresIn = body.get("expires_in");
        long seconds = 0;
        if (expiresIn != null && expiresIn.canConvertToLong()) {
            seconds = expiresIn.asLong();
        } else if (expiresIn != null && expiresIn.isTextual()) {
            try {
                seconds = Long.parseLong(expiresIn.asText().trim());
            } catch (NumberFormatException ignored) {
                seconds = 0;
            }
        }
        return new IssuedToken(token.asText(), Math.max(0, seconds));
    }
}
