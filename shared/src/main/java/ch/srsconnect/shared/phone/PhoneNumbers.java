package ch.srsconnect.shared.phone;

import java.util.Optional;

/**
 * Mobile numbers in one spelling: E.164 with {@code +} ({@code +41791234567}), the form stored with
 * identifications (decision 0005) and used in every key. Accepted input: {@code +41791234567},
 * {@code 0041 79 123 45 67}, {@code 41791234567} (Smart Flows' spelling); spaces, dashes, dots, slashes and
 * parentheses are dropped. National numbers ({@code 079...}) are rejected: the country is not guessed.
 */
public final class PhoneNumbers {
    private PhoneNumbers() {}

    public static Optional<String> normalise(String raw) {
        if (raw == null) {
            return Optional.empty();
        }
        StringBuilder d = new StringBuilder();
        String s = raw.strip();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                d.append(c);
            } else if (c == '+' && i == 0) {
                // leading plus: international
            } else if (c == ' ' || c == '-' || c == '.' || c == '/' || c == '(' || c == ')') {
                // separator
            } else {
                return Optional.empty();
            }
        }
        String digits = d.toString();
        if (!s.startsWith("+") && digits.startsWith("00")) {
            digits = digits.substring(2);
        }
        if (digits.length() < 8 || digits.length() > 15 || digits.charAt(0) == '0') {
            return Optional.empty();
        }
        return Optional.of("+" + digits);
    }
}
