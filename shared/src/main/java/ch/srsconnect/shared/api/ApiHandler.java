package ch.srsconnect.shared.api;

import ch.srsconnect.shared.http.InvocationDeadline;
import ch.srsconnect.shared.http.SwisscomException;
import ch.srsconnect.shared.log.Log;
import ch.srsconnect.shared.log.LogContext;
import ch.srsconnect.shared.token.CredentialsUnavailableException;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;

import java.util.function.Function;

/**
 * The frame every HTTP API handler runs in, so handlers stay thin:
 * <pre>{@code
 * public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
 *     return ApiHandler.run(event, context, request -> ApiResponse.json(200, useCase.list(...)).build());
 * }}</pre>
 * Sets Lambda's request id for log lines, maps failures with {@link Problem#forFailure} (client errors at
 * INFO, Swisscom failures at WARN, bugs at ERROR with stack) and writes one access line per request.
 */
public final class ApiHandler {
    private static final Log LOG = Log.get(ApiHandler.class);

    private ApiHandler() {}

    public static APIGatewayV2HTTPResponse run(APIGatewayV2HTTPEvent event, Context context,
                                               Function<ApiRequest, APIGatewayV2HTTPResponse> route) {
        LogContext.begin(context);
        InvocationDeadline.begin(context);
        long started = System.nanoTime();
        ApiRequest request = ApiRequest.of(event);
        APIGatewayV2HTTPResponse response;
        try {
            response = route.apply(request);
            if (response == null) {
                throw new IllegalStateException("route returned no response");
            }
        } catch (ProblemException | MalformedRequestException e) {
            response = Problem.forFailure(e).toResponse();
        } catch (SwisscomException | CredentialsUnavailableException e) {
            LOG.warn("swisscom call failed", "route", request.routeKey(), "failure", e.getClass().getSimpleName(),
                    "reason", e.getMessage());
            response = Problem.forFailure(e).toResponse();
        } catch (RuntimeException e) {
            LOG.error("unexpected failure", e, "route", request.routeKey());
            response = Problem.internalError().toResponse();
        }
        LOG.info("request", "route", request.routeKey(), "status", response.getStatusCode(),
                "millis", (System.nanoTime() - started) / 1_000_000);
        return response;
    }
}
