package ch.srsconnect.local.lambda;

import java.nio.charset.StandardCharsets;

/**
 * What an invocation returned: the handler's response payload, or an error payload
 * ({@code {"errorMessage":...,"errorType":...}}) when the handler threw, timed out, or its JVM died.
 */
public record InvocationResult(String requestId, boolean error, String errorType, byte[] payload) {

    public String payloadText() {
        return new String(payload, StandardCharsets.UTF_8);
    }

    static InvocationResult failure(String requestId, String errorType, String message) {
        String body = "{\"errorMessage\":\"" + jsonEscape(message) + "\",\"errorType\":\"" + jsonEscape(errorType) + "\"}";
        return new InvocationResult(requestId, true, errorType, body.getBytes(StandardCharsets.UTF_8));
    }

    static String jsonEscape(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) b.append(String.format("\\u%04x", (int) c));
                    else b.append(c);
                }
            }
        }
        return b.toString();
    }
}
