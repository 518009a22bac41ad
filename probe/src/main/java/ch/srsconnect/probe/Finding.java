package ch.srsconnect.probe;

/**
 * What the probe found out about one assumption of docs/swisscom-contract.md.
 *
 * @param assumption its key, e.g. {@code idp.client-auth}
 * @param verdict    holds, differs, or not checked (and why)
 * @param sent       what was sent, without personal data or secrets (e.g. {@code POST /oauth/token, Basic})
 * @param answered   what came back (status, the field that was missing)
 * @param fix        for a difference: the configuration change that would make the product fit, if one does
 */
public record Finding(String assumption, Verdict verdict, String sent, String answered, String fix) {

    public enum Verdict { HOLDS, DIFFERS, NOT_CHECKED }

    static Finding holds(String assumption, String sent, String answered) {
        return new Finding(assumption, Verdict.HOLDS, sent, answered, null);
    }

    static Finding differs(String assumption, String sent, String answered, String fix) {
        return new Finding(assumption, Verdict.DIFFERS, sent, answered, fix);
    }

    static Finding notChecked(String assumption, String why) {
        return new Finding(assumption, Verdict.NOT_CHECKED, "-", why, null);
    }

    /** One line: verdict, assumption, what was sent and answered, and the fix. */
    String line() {
        String head = String.format("%-11s %-28s %s -> %s", verdict, assumption, sent, answered);
        return fix == null ? head : head + "\n            fix: " + fix;
    }
}
