package ch.srsconnect.shared.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;

/**
 * Typed, read-only view of the environment. Blank values count as unset.
 * Required getters throw {@link ConfigException} naming the variable.
 */
public final class Config {
    private final Map<String, String> values;

    private Config(Map<String, String> values) {
        this.values = Map.copyOf(values);
    }

    /** The process environment. */
    public static Config fromEnv() {
        return new Config(System.getenv());
    }

    /** An explicit map (tests, local runtime). */
    public static Config of(Map<String, String> values) {
        return new Config(values);
    }

    /** A copy with some variables added or replaced. */
    public Config with(Map<String, String> overrides) {
        var merged = new java.util.HashMap<>(values);
        merged.putAll(overrides);
        return new Config(merged);
    }

    public Optional<String> optional(String name) {
        String v = values.get(name);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
    }

    public boolean isSet(String name) {
        return optional(name).isPresent();
    }

    /** Required string. */
    public String string(String name) {
        return optional(name).orElseThrow(() -> new ConfigException(name, "is required but not set"));
    }

    public String string(String name, String defaultValue) {
        return optional(name).orElse(defaultValue);
    }

    /** Required integer. */
    public int integer(String name) {
        return parseInt(name, string(name));
    }

    public int integer(String name, int defaultValue) {
        return optional(name).map(v -> parseInt(name, v)).orElse(defaultValue);
    }

    /** A boolean: {@code true} or {@code false} (case-insensitive); anything else is a configuration error. */
    public boolean flag(String name, boolean defaultValue) {
        return optional(name).map(v -> {
            if (v.equalsIgnoreCase("true")) return true;
            if (v.equalsIgnoreCase("false")) return false;
            throw new ConfigException(name, "must be true or false");
        }).orElse(defaultValue);
    }

    /**
     * A duration: a plain integer in {@code unit} (the unit is in the variable's name, e.g. {@code _SECONDS}),
     * or an ISO-8601 duration such as {@code PT2M}. Negative values are rejected.
     */
    public Duration duration(String name, ChronoUnit unit, long defaultAmount) {
        return optional(name).map(v -> parseDuration(name, v, unit)).orElse(Duration.of(defaultAmount, unit));
    }

    /** Required duration. */
    public Duration duration(String name, ChronoUnit unit) {
        return parseDuration(name, string(name), unit);
    }

    /** Required absolute URI (http/https or any scheme with a host). */
    public URI uri(String name) {
        return parseUri(name, string(name));
    }

    public URI uri(String name, URI defaultValue) {
        return optionalUri(name).orElse(defaultValue);
    }

    public Optional<URI> optionalUri(String name) {
        return optional(name).map(v -> parseUri(name, v));
    }

    private static int parseInt(String name, String v) {
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new ConfigException(name, "must be an integer");
        }
    }

    private static Duration parseDuration(String name, String v, ChronoUnit unit) {
        Duration d;
        String s = v.trim();
        if (s.startsWith("P") || s.startsWith("p")) {
            try {
                d = Duration.parse(s.toUpperCase(java.util.Locale.ROOT));
            } catch (DateTimeParseException e) {
                throw new ConfigException(name, "must be an integer (" + unit.name().toLowerCase(java.util.Locale.ROOT)
                        + ") or an ISO-8601 duration");
            }
        } else {
            long amount;
            try {
                amount = Long.parseLong(s);
            } catch (NumberFormatException e) {
                throw new ConfigException(name, "must be an integer (" + unit.name().toLowerCase(java.util.Locale.ROOT)
                        + ") or an ISO-8601 duration");
            }
            d = Duration.of(amount, unit);
        }
        if (d.isNegative()) {
            throw new ConfigException(name, "must not be negative");
        }
        return d;
    }

    private static URI parseUri(String name, String v) {
        try {
            URI u = new URI(v.trim());
            if (!u.isAbsolute() || u.getHost() == null) {
                throw new ConfigException(name, "must be an absolute URL with a host");
            }
            return u;
        } catch (URISyntaxException e) {
            throw new ConfigException(name, "must be a valid URL");
        }
    }
}
