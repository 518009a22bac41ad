package ch.srsconnect.shared.api;

import ch.srsconnect.shared.json.Json;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Lambda's stream entry of the HTTP API handlers. The runtime client would otherwise bind the event with its own
 * shaded Jackson, about 600 classes loaded on the first request on top of the container's {@link Json#MAPPER},
 * which is loaded anyway (docs/performance.md, cold start). The payload is API Gateway's format 2.0 both ways,
 * bound through the tree model ({@link ApiEventJson}).
 */
public final class ApiStream {

    private static final String WARM_UP_EVENT = """
            {"version":"2.0","routeKey":"GET /warm-up","rawPath":"/warm-up","rawQueryString":"a=1",
             "headers":{"content-type":"application/json"},"queryStringParameters":{"a":"1"},
             "pathParameters":{"id":"x"},"cookies":["c=1"],
             "requestContext":{"accountId":"1","apiId":"a","domainName":"d","domainPrefix":"d","requestId":"r",
              "routeKey":"GET /warm-up","stage":"$default","time":"t","timeEpoch":1,
              "authorizer":{"jwt":{"claims":{"sub":"warm-up"},"scopes":["s"]}},
              "http":{"method":"GET","path":"/warm-up","protocol":"HTTP/1.1","sourceIp":"127.0.0.1","userAgent":"u"}},
             "body":"{}","isBase64Encoded":false}""";

    private ApiStream() {}

    public static void handle(InputStream input, OutputStream output, Context context,
                              BiFunction<APIGatewayV2HTTPEvent, Context, APIGatewayV2HTTPResponse> handler)
            throws IOException {
        APIGatewayV2HTTPEvent event = read(input.readAllBytes());
        APIGatewayV2HTTPResponse response = handler.apply(event, context);
        output.write(write(response));
    }

    /**
     * Binds, reads and writes one made-up event during init (no I/O), so that the first request finds the tree
     * binding, {@link ApiRequest} and the writer loaded.
     */
    public static void warmUp() {
        try {
            APIGatewayV2HTTPEvent event = read(WARM_UP_EVENT.getBytes(StandardCharsets.UTF_8));
            ApiRequest.of(event);
            write(APIGatewayV2HTTPResponse.builder().withStatusCode(200).withHeaders(Map.of("content-type", "application/json"))
                    .withBody("{}").build());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static APIGatewayV2HTTPEvent read(byte[] json) throws IOException {
        return json.length == 0 ? new APIGatewayV2HTTPEvent() : ApiEventJson.event(Json.MAPPER.readTree(json));
    }

    /** The response as API Gateway reads it, without the null fields the bean has. */
    static byte[] write(APIGatewayV2HTTPResponse response) throws IOException {
        return Json.MAPPER.writeValueAsBytes(ApiEventJson.response(response));
    }
}
