package ch.srsconnect.shared.config;

/**
 * A configuration variable is missing or malformed. The message names the variable, never its value
 * (environment variables hold no secrets by convention, but this keeps it that way in logs too).
 */
public final class ConfigException extends IllegalStateException {
    private final String variable;

    public ConfigException(String variable, String problem) {
        super("configuration variable " + variable + " " + problem);
        this.variable = variable;
    }

    public String variable() {
        return variable;
    }
}
