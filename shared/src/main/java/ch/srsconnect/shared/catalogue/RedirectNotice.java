package ch.srsconnect.shared.catalogue;

import java.util.Objects;

/**
 * The notice an SP must show before sending the user to the IPSP's target URL (guide v1.8 §8.1), in German and
 * English. The texts are the guide's, verbatim (including its capitalisation and, in the own-purpose German text,
 * its "unsere" typo), with the guide's example URL {@code https://xxx...} replaced by {@value #PLACEHOLDER}.
 */
public record RedirectNotice(String de, String en) {

    /** Replaced by the order's target URL, see {@link #render(String)}. */
    public static final String PLACEHOLDER = "{targetUrl}";

    /** The notice for every SP. */
    public static final RedirectNotice STANDARD = new RedirectNotice(
            "Durch den Aufruf der URL \"" + PLACEHOLDER + "\" werden Sie zum Identifikationsportal unseres "
                    + "Identifikationspartners weitergeleitet, bei dem Sie sich im Auftrag der Swisscom Trust Services "
                    + "identifizieren können. Ihre hierfür erhobenen Personendaten werden ausschliesslich für die "
                    + "ordnungsgemässe Identifizierung im Rahmen der elektronischen Signatur verwendet.",
            "After the call of the URL \"" + PLACEHOLDER + "\" You will be redirected to the identification portal "
                    + "of our identification partner which will identify you on behalf of Swisscom Trust Services. "
                    + "Your personal data collected for this purpose will be used exclusively for proper "
                    + "identification within the scope of the electronic signature.");

    /**
     * The notice for an SP that has its own contract with the IPSP to use the identification data for its own
     * purposes (e.g. anti-money-laundering checks).
     */
    public static final RedirectNotice OWN_PURPOSE = new RedirectNotice(
            "Durch den Aufruf der URL \"" + PLACEHOLDER + "\" werden Sie zum Identifikationsportal unsere "
                    + "Identifikationspartners weitergeleitet, bei dem Sie sich im Auftrag von uns und Swisscom Trust "
                    + "Services identifizieren können. Ihre hierfür erhobenen Personendaten werden ausschliesslich für "
                    + "die ordnungsgemässe Identifizierung im Rahmen der Überprüfung gegen die Bekämpfung der "
                    + "Geldwäsche und im Rahmen der elektronischen Signatur verwendet.",
            "By calling the URL \"" + PLACEHOLDER + "\" you will be forwarded to the identification portal of our "
                    + "identification partners, where you can identify yourself on behalf of us and Swisscom Trust "
                    + "Services. Your personal data collected for this purpose will be used exclusively for proper "
                    + "identification in the context of the anti-money laundering review and in the context of "
                    + "electronic signatures.");

    public RedirectNotice {
        Objects.requireNonNull(de, "de");
        Objects.requireNonNull(en, "en");
    }

    /** The notice with {@value #PLACEHOLDER} replaced by the (verbatim, never re-encoded) target URL. */
    public RedirectNotice render(String targetUrl) {
        Objects.requireNonNull(targetUrl, "targetUrl");
        return new RedirectNotice(de.replace(PLACEHOLDER, targetUrl), en.replace(PLACEHOLDER, targetUrl));
    }
}
