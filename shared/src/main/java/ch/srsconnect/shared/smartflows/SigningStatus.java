package ch.srsconnect.shared.smartflows;

import java.util.Locale;

/**
 * Smart Flows' {@code signingStatus} (srs-api.md §6, guide §6.1.4). The guide spells the mismatch values with a
 * double S ({@code MISSMATCH_...}); both spellings parse to the same constant. An unknown value is
 * {@link #UNKNOWN} (kept verbatim by the caller for logs), never a crash.
 */
public enum SigningStatus {
    /** Mobile ID; evidence registered with the RA; can sign. */
    MID(Kind.CAN_SIGN, "MOBILE_ID"),
    /** Password + SMS OTP; evidence registered with the RA; can sign. */
    SAS(Kind.CAN_SIGN, "PASSWORD_OTP"),
    /** Smart Flows could not reach its back ends: retry later. */
    NOT_ABLE_TO_RETRIEVE(Kind.RETRY_LATER, null),
    NOT_REGISTERED_AT_ALL(Kind.GET_IDENTIFIED, null),
    NOT_RA_MID_SAS(Kind.GET_IDENTIFIED, null),
    /** Mobile ID activated after the user registered with password+OTP. */
    MISMATCH_SAS_BUT_MID(Kind.RE_IDENTIFY, "MOBILE_ID"),
    /** Password changed after the identification. */
    MISMATCH_SAS_CHANGE_SN(Kind.RE_IDENTIFY, "PASSWORD_OTP"),
    /** Mobile ID re-activated without recovery code after registering with Mobile ID. */
    MISMATCH_MID(Kind.RE_IDENTIFY, "MOBILE_ID"),
    /** A mismatch the guide's sample shows without detail. */
    MISMATCH(Kind.RE_IDENTIFY, null),
    UNKNOWN(Kind.UNKNOWN, null);

    /** What the SP should make of a status. */
    public enum Kind { CAN_SIGN, RETRY_LATER, GET_IDENTIFIED, RE_IDENTIFY, UNKNOWN }

    private final Kind kind;
    private final String authenticationMeans;

    SigningStatus(Kind kind, String authenticationMeans) {
        this.kind = kind;
        this.authenticationMeans = authenticationMeans;
    }

    public Kind kind() {
        return kind;
    }

    /** {@code MOBILE_ID}, {@code PASSWORD_OTP}, or {@code null} when the status does not say. */
    public String authenticationMeans() {
        return authenticationMeans;
    }

    public static SigningStatus parse(String wire) {
        if (wire == null) {
            return UNKNOWN;
        }
        String s = wire.trim().toUpperCase(Locale.ROOT).replace('-', '_').replace(' ', '_');
        if (s.startsWith("MISSMATCH")) {
            s = "MISMATCH" + s.substring("MISSMATCH".length());
        }
        for (SigningStatus v : values()) {
            if (v != UNKNOWN && v.name().equals(s)) {
                return v;
            }
        }
        return UNKNOWN;
    }
}
