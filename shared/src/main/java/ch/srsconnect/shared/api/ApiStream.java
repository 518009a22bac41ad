package ch.srsconnect.shared.api;

import ch.srsconnect.shared.json.Json;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Lambda's stream entry of the HTTP API handlers. The runtime client would otherwise bind the event with its own
 * shaded Jackson, about 600 classes loaded on the first request on top of the container's {@link Json#MAPPER},
 * which is loaded anyway (docs/performance.md, cold start). The payload is API Gateway's format 2.0 both ways.
 */
public final class ApiStream {

    private ApiStream() {}

    public static void handle(InputStream input, OutputStream output, Context context,
                              BiFunction<APIGatewayV2HTTPEvent, Context, APIGatewayV2HTTPResponse> handler)
            throws IOException {
        APIGatewayV2HTTPEvent event = read(input.readAllBytes());
        APIGatewayV2HTTPResponse response = handler.apply(event, context);
        output.write(write(response));
    }

    static APIGatewayV2HTTPEvent read(byte[] json) throws IOException {
        APIGatewayV2HTTPEvent event = json.length == 0 ? null : Json.MAPPER.readValue(json, APIGatewayV2HTTPEvent.class);
        return event == null ? new APIGatewayV2HTTPEvent() : event;   // an empty or "null" payload
    }

    /** The response as API Gateway reads it, without the null fields the bean has. */
    static byte[] write(APIGatewayV2HTTPResponse response) throws IOException {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("statusCode", response.getStatusCode());
        putUnlessNull(out, "headers", response.getHeaders());
        putUnlessNull(out, "multiValueHeaders", response.getMultiValueHeaders());
        putUnlessNull(out, "cookies", response.getCookies());
        putUnlessNull(out, "body", response.getBody());
        out.put("isBase64Encoded", response.getIsBase64Encoded());
        return Json.MAPPER.writeValueAsBytes(out);
    }

    private static void putUnlessNull(Map<String, Object> out, String name, Object value) {
        if (value != null) {
            out.put(name, value);
        }
    }
}
