package ch.srsconnect.local.template;

/** A template that cannot be loaded, or a reference in it that cannot be resolved. The message names the culprit. */
public class TemplateException extends RuntimeException {
    public TemplateException(String message) {
        super(message);
    }

    public TemplateException(String message, Throwable cause) {
        super(message, cause);
    }
}
