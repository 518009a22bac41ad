package ch.srsconnect.shared.api;

import ch.srsconnect.shared.json.Json;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
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
        JsonNode node = json.length == 0 ? null : Json.MAPPER.readTree(json);
        if (node == null || node.isNull() || node.isMissingNode()) {
            return new APIGatewayV2HTTPEvent();
        }
        return Json.MAPPER.treeToValue(node, APIGatewayV2HTTPEvent.class);
    }

    /** The response as API Gateway reads it, without the null fields the bean has. */
    static byte[] write(APIGatewayV2HTTPResponse response) throws IOException {
        ObjectNode out = Json.object();
        out.put("statusCode", response.getStatusCode());
        if (response.getHeaders() != null) {
            out.set("headers", Json.MAPPER.valueToTree(response.getHeaders()));
        }
        if (response.getMultiValueHeaders() != null) {
            out.set("multiValueHeaders", Json.MAPPER.valueToTree(response.getMultiValueHeaders()));
        }
        if (response.getCookies() != null) {
            out.set("cookies", Json.MAPPER.valueToTree(response.getCookies()));
        }
        if (response.getBody() != null) {
            out.put("body", response.getBody());
        }
        out.put("isBase64Encoded", response.getIsBase64Encoded());
        return Json.MAPPER.writeValueAsBytes(out);
    }
}
