package ch.srsconnect.shared.json;

/**
 * Minimal JSON string escaping without Jackson: for log lines (non-ASCII escaped as {@code \\uXXXX}, so lines survive
 * any stdout encoding) and for the webhook signature's canonical form (RFC 8785: non-ASCII as is).
 */
public final class JsonText {
    private JsonText() {}

    /** As a log line wants it: everything outside printable ASCII escaped. */
    public static void quote(StringBuilder out, String s) {
        quote(out, s, true);
    }

    /** {@code asciiOnly} false: only {@code "}, {@code \}, and control characters are escaped (RFC 8785, lower-case hex). */
    public static void quote(StringBuilder out, String s, boolean asciiOnly) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || asciiOnly && c > 0x7e) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
