package ch.srsconnect.simulator;

/** Mobile numbers compared by digits: {@code +41 79 123 45 67}, {@code 0041791234567} and {@code 41791234567} are one. */
final class Msisdns {

    private Msisdns() {
    }

    static String normalise(String s) {
        if (s == null) {
            return null;
        }
        String d = s.replaceAll("[\\s\\-()./]", "");
        if (d.startsWith("+")) {
            d = d.substring(1);
        } else if (d.startsWith("00")) {
            d = d.substring(2);
        }
        if (!d.matches("[1-9][0-9]{6,14}")) {
            throw new IllegalArgumentException("not an international mobile number: " + s);
        }
        return d;
    }
}
