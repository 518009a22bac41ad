package ch.srsconnect.local.testfn;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Answers an HTTP API event with a 200 whose body is the event itself (no JSON library: only the runtime client). */
public class EchoHandler implements RequestStreamHandler {

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        String event = new String(input.readAllBytes(), StandardCharsets.UTF_8);
        StringBuilder escaped = new StringBuilder();
        for (char c : event.toCharArray()) {
            switch (c) {
                case '"' -> escaped.append("\\\"");
                case '\\' -> escaped.append("\\\\");
                case '\n' -> escaped.append("\\n");
                case '\r' -> escaped.append("\\r");
                case '\t' -> escaped.append("\\t");
                default -> {
                    if (c < 0x20) escaped.append(String.format("\\u%04x", (int) c));
                    else escaped.append(c);
                }
            }
        }
        String response = "{\"statusCode\":201,\"headers\":{\"content-type\":\"application/json\",\"x-echo\":\"yes\"},"
                + "\"multiValueHeaders\":{\"x-multi\":[\"a\",\"b\"]},\"body\":\"" + escaped + "\"}";
        output.write(response.getBytes(StandardCharsets.UTF_8));
    }
}
