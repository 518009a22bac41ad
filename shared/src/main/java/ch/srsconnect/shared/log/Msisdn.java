package ch.srsconnect.shared.log;

/** Masks phone numbers (msisdns) for logs: country code and operator prefix plus the last two digits. */
public final class Msisdn {
    private Msisdn() {}

    /**
     * {@code "41791234567"} → {@code "4179*****67"}, {@code "+41791234567"} → {@code "+4179*****67"}.
     * Spaces, dashes, dots and parentheses are dropped first. Anything that is not 8 to 15 digits
     * (optionally after {@code +}) is masked completely as {@code "***"}, so garbage never leaks.
     * {@code null} gives {@code null}.
     */
    public static String mask(String msisdn) {
        if (msisdn == null) {
            return null;
        }
        StringBuilder digits = new StringBuilder(msisdn.length());
        boolean plus = false;
        String s = msisdn.strip();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                digits.append(c);
            } else if (c == '+' && i == 0) {
                plus = true;
            } else if (c == ' ' || c == '-' || c == '.' || c == '(' || c == ')') {
                // separator
            } else {
                return "***";
            }
        }
        int n = digits.length();
        if (n < 8 || n > 15) {
            return "***";
        }
        StringBuilder out = new StringBuilder(n + 1);
        if (plus) {
            out.append('+');
        }
        out.append(digits, 0, 4);
        out.append("*".repeat(n - 6));
        out.append(digits, n - 2, n);
        return out.toString();
    }
}
