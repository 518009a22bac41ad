package ch.srsconnect.shared.identification;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An SRS identification status, normalised from SRS's varying spellings.
 *
 * <p>Known statuses are recognised regardless of case, separators ({@code _ - . space}, camelCase), the
 * {@code IDENTIFICATION_} prefix and British/American spellings ({@code cancelled}/{@code canceled},
 * {@code initialised}); their {@link #value()} is the canonical spelling. Anything else is kept
 * verbatim, is non-terminal and recommends {@link NextAction#WAIT}: never a crash.
 *
 * @param value canonical spelling for a known status, the raw text otherwise ({@code ""} if SRS sent none)
 * @param known the known status, or {@code null} for an unknown one
 */
public record IdentificationStatus(String value, KnownStatus known) {

    public static final IdentificationStatus CREATED = of(KnownStatus.CREATED);
    public static final IdentificationStatus INITIALIZED = of(KnownStatus.INITIALIZED);
    public static final IdentificationStatus IDENTIFICATION_DONE = of(KnownStatus.IDENTIFICATION_DONE);
    public static final IdentificationStatus DATA_READY = of(KnownStatus.DATA_READY);
    public static final IdentificationStatus TERMINATED = of(KnownStatus.TERMINATED);
    public static final IdentificationStatus ABORTED = of(KnownStatus.ABORTED);
    public static final IdentificationStatus ERROR = of(KnownStatus.ERROR);
    public static final IdentificationStatus NEGATIVELY_CONDUCTED = of(KnownStatus.NEGATIVELY_CONDUCTED);
    public static final IdentificationStatus TIMEOUT = of(KnownStatus.TIMEOUT);
    public static final IdentificationStatus CANCELED = of(KnownStatus.CANCELED);

    private static final String PREFIX = "identification";
    /** Squashed spelling (lower-case letters and digits only) to known status. */
    private static final Map<String, KnownStatus> SQUASHED = new HashMap<>();

    static {
        for (KnownStatus s : KnownStatus.values()) {
            SQUASHED.put(squash(s.value()), s);
        }
        SQUASHED.put("cancelled", KnownStatus.CANCELED);
        SQUASHED.put("initialised", KnownStatus.INITIALIZED);
        SQUASHED.put("timedout", KnownStatus.TIMEOUT);
    }

    public IdentificationStatus {
        Objects.requireNonNull(value, "value");
        if (known != null && !known.value().equals(value)) {
            throw new IllegalArgumentException("a known status carries its canonical value");
        }
    }

    public static IdentificationStatus of(KnownStatus known) {
        return new IdentificationStatus(known.value(), known);
    }

    /** Normalises what SRS sent; never throws. {@code null} becomes an unknown status with value {@code ""}. */
    public static IdentificationStatus parse(String raw) {
        if (raw == null) {
            return new IdentificationStatus("", null);
        }
        String squashed = squash(raw);
        KnownStatus known = SQUASHED.get(squashed);
        if (known == null && squashed.startsWith(PREFIX) && squashed.length() > PREFIX.length()) {
            known = SQUASHED.get(squashed.substring(PREFIX.length()));
        }
        return known != null ? of(known) : new IdentificationStatus(raw, null);
    }

    private static String squash(String raw) {
        StringBuilder b = new StringBuilder(raw.length());
        raw.codePoints()
                .filter(Character::isLetterOrDigit)
                .map(cp -> Character.toLowerCase(cp))
                .forEach(b::appendCodePoint);
        return b.toString().toLowerCase(Locale.ROOT);
    }

    public boolean isKnown() {
        return known != null;
    }

    public Optional<KnownStatus> knownStatus() {
        return Optional.ofNullable(known);
    }

    /** Whether SRS can no longer change this status. Unknown statuses are never terminal. */
    public boolean isTerminal() {
        return known != null && known.isTerminal();
    }

    /** Terminal without evidence (error, negatively conducted, timeout, canceled). */
    public boolean isFailure() {
        return known != null && known.isFailure();
    }

    /**
     * Whether SRS still accepts a cancel: created, initialized, aborted, and statuses we do not know (SRS decides);
     * identification_done and data_ready answer 409, terminal ones are over.
     */
    public boolean cancelableAtSrs() {
        return known == null || known == KnownStatus.CREATED || known == KnownStatus.INITIALIZED || known == KnownStatus.ABORTED;
    }

    public boolean is(KnownStatus status) {
        return known == status;
    }

    public NextAction nextAction() {
        return known == null ? NextAction.WAIT : known.nextAction();
    }

    @Override
    public String toString() {
        return value;
    }
}
