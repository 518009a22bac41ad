package ch.srsconnect.shared.identification;

import ch.srsconnect.shared.smartflows.SigningStatus;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.zip.CRC32;

/**
 * The tracked state of one identification (ARCHITECTURE.md "State").
 *
 * <p>Deliberately holds no names, date of birth, email or place of birth: those go to SRS and are
 * never stored. The msisdn is stored (the RA lookup needs it) and masked in {@link #toString()}.
 *
 * @param id            our id (also the table key)
 * @param owner         caller id from the JWT
 * @param refId         SRS reference id
 * @param orderId       the identity provider's order id
 * @param targetUrl     where the user identifies (never truncated or re-encoded)
 * @param issuer        SRS issuer, e.g. {@code intrum-video}
 * @param method        SRS method, e.g. {@code video}
 * @param msisdn        the user's mobile number as the caller normalised it; {@code null} if none was given
 * @param externalId    the SP's free-text id (billing/customer), if any
 * @param status        current SRS status
 * @param statusHistory SRS's status history as merged so far
 * @param reason        the reason of the current status, if SRS gave one
 * @param phase         STATUS, LOOKUP or DONE
 * @param nextPollAt    when to poll next; {@code null} once polling has ended (always {@code null} in DONE)
 * @param pollShard     shard of the due-poll index, see {@link #pollShardOf(String, int)}
 * @param attempts      polls made in the current phase
 * @param version       optimistic-locking version, set by the store
 * @param createdAt     creation time
 * @param updatedAt     last write time (the store stamps it)
 * @param expiresAt     when the item may be deleted (TTL)
 * @param canSign       result of the last RA lookup: {@code null} until looked up
 * @param evidenceExpiresOn expiry date of the evidence from the RA lookup, if known
 * @param silentSms     the order asked SRS for no T&amp;C SMS ({@code disabledSmsAlerts}): the SP runs T&amp;C itself
 *                      (issue 5); {@code null} for items stored before the field existed
 * @param evidenceId    SRS's evidence id once it reported one (guide §7: support cases ask for it); {@code null} before
 * @param refusals      Swisscom's consecutive refusals (4xx after a token refresh) while polling; a good answer resets it
 * @param trackingFailed tracking ended because Swisscom kept refusing ({@link #refusals} reached the limit)
 * @param orderedMsisdn the number the order was placed with, kept when SRS reports another one (the user changed it
 *                      at the identification partner, guide App. 1); {@code msisdn} is then SRS's, the one looked up
 * @param signingStatus Smart Flows' signing status when it was asked to confirm can-sign (a {@link SigningStatus}
 *                      name; only where the SP runs Smart Flows); {@code null} when it was not asked
 */
public record Identification(
        String id,
        String owner,
        String refId,
        String orderId,
        String targetUrl,
        String issuer,
        String method,
        String msisdn,
        String externalId,
        IdentificationStatus status,
        List<StatusEntry> statusHistory,
        String reason,
        Phase phase,
        Instant nextPollAt,
        int pollShard,
        int attempts,
        long version,
        Instant createdAt,
        Instant updatedAt,
        Instant expiresAt,
        Boolean canSign,
        LocalDate evidenceExpiresOn,
        Boolean silentSms,
        String evidenceId,
        int refusals,
        boolean trackingFailed,
        String orderedMsisdn,
        String signingStatus) {

    public Identification {
        requireText(id, "id");
        requireText(owner, "owner");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        statusHistory = statusHistory == null ? List.of() : List.copyOf(statusHistory);
        if (phase == Phase.DONE && nextPollAt != null) {
            throw new IllegalArgumentException("an identification in phase DONE is not polled: nextPollAt must be null");
        }
        if (pollShard < 0 || attempts < 0 || version < 0 || refusals < 0) {
            throw new IllegalArgumentException("pollShard, attempts, refusals and version must not be negative");
        }
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is required");
        }
    }

    /** Whether the identification is still being polled. */
    public boolean isTracked() {
        return nextPollAt != null;
    }

    /** What the SP should do next: {@link NextAction#READY_TO_SIGN} once the lookup said so, else by status. */
    public NextAction nextAction() {
        if (Boolean.TRUE.equals(canSign)) {
            return NextAction.READY_TO_SIGN;
        }
        if (trackingFailed) {
            return NextAction.CONTACT_SUPPORT;
        }
        if (signingStatus != null && SigningStatus.parse(signingStatus).kind() == SigningStatus.Kind.RE_IDENTIFY) {
            return NextAction.RE_IDENTIFY;
        }
        NextAction byStatus = status.nextAction();
        if (byStatus == NextAction.CHECK_TERMS && Boolean.TRUE.equals(silentSms)) {
            return NextAction.ACCEPT_TERMS_HERE;   // no SMS was sent: the user can only accept through the SP
        }
        return byStatus;
    }

    /** A stable shard in {@code [0, shards)} for an id, so due polls spread over index partitions. */
    public static int pollShardOf(String id, int shards) {
        if (shards < 1) {
            throw new IllegalArgumentException("shards must be at least 1");
        }
        CRC32 crc = new CRC32();
        crc.update(id.getBytes(StandardCharsets.UTF_8));
        return (int) (crc.getValue() % shards);
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Masks the msisdn and leaves out the target URL (it lets anyone continue the identification). */
    @Override
    public String toString() {
        return "Identification[id=" + id + ", owner=" + owner + ", refId=" + refId + ", orderId=" + orderId
                + ", issuer=" + issuer + ", method=" + method + ", msisdn=" + mask(msisdn)
                + (orderedMsisdn == null ? "" : ", orderedMsisdn=" + mask(orderedMsisdn))
                + ", status=" + status + ", phase=" + phase + ", nextPollAt=" + nextPollAt
                + ", pollShard=" + pollShard + ", attempts=" + attempts + ", version=" + version
                + ", history=" + statusHistory.size() + " entries, canSign=" + canSign
                + (signingStatus == null ? "" : ", signingStatus=" + signingStatus) + "]";
    }

    static String mask(String msisdn) {
        if (msisdn == null) {
            return null;
        }
        int keep = msisdn.length() > 6 ? 2 : 0;
        return "*".repeat(msisdn.length() - keep) + msisdn.substring(msisdn.length() - keep);
    }

    /** Mutable builder; {@link #build()} validates. */
    public static final class Builder {
        private String id;
        private String owner;
        private String refId;
        private String orderId;
        private String targetUrl;
        private String issuer;
        private String method;
        private String msisdn;
        private String externalId;
        private IdentificationStatus status;
        private List<StatusEntry> statusHistory = List.of();
        private String reason;
        private Phase phase = Phase.STATUS;
        private Instant nextPollAt;
        private int pollShard;
        private int attempts;
        private long version;
        private Instant createdAt;
        private Instant updatedAt;
        private Instant expiresAt;
        private Boolean canSign;
        private LocalDate evidenceExpiresOn;
        private Boolean silentSms;
        private String evidenceId;
        private int refusals;
        private boolean trackingFailed;
        private String orderedMsisdn;
        private String signingStatus;

        private Builder() {
        }

        private Builder(Identification i) {
            id = i.id;
            owner = i.owner;
            refId = i.refId;
            orderId = i.orderId;
            targetUrl = i.targetUrl;
            issuer = i.issuer;
            method = i.method;
            msisdn = i.msisdn;
            externalId = i.externalId;
            status = i.status;
            statusHistory = i.statusHistory;
            reason = i.reason;
            phase = i.phase;
            nextPollAt = i.nextPollAt;
            pollShard = i.pollShard;
            attempts = i.attempts;
            version = i.version;
            createdAt = i.createdAt;
            updatedAt = i.updatedAt;
            expiresAt = i.expiresAt;
            canSign = i.canSign;
            evidenceExpiresOn = i.evidenceExpiresOn;
            silentSms = i.silentSms;
            evidenceId = i.evidenceId;
            refusals = i.refusals;
            trackingFailed = i.trackingFailed;
            orderedMsisdn = i.orderedMsisdn;
            signingStatus = i.signingStatus;
        }

        public Builder id(String v) { id = v; return this; }
        public Builder owner(String v) { owner = v; return this; }
        public Builder refId(String v) { refId = v; return this; }
        public Builder orderId(String v) { orderId = v; return this; }
        public Builder targetUrl(String v) { targetUrl = v; return this; }
        public Builder issuer(String v) { issuer = v; return this; }
        public Builder method(String v) { method = v; return this; }
        public Builder msisdn(String v) { msisdn = v; return this; }
        public Builder externalId(String v) { externalId = v; return this; }
        public Builder status(IdentificationStatus v) { status = v; return this; }
        public Builder statusHistory(List<StatusEntry> v) { statusHistory = v; return this; }
        public Builder reason(String v) { reason = v; return this; }
        public Builder phase(Phase v) { phase = v; return this; }
        public Builder nextPollAt(Instant v) { nextPollAt = v; return this; }
        public Builder pollShard(int v) { pollShard = v; return this; }
        public Builder attempts(int v) { attempts = v; return this; }
        public Builder version(long v) { version = v; return this; }
        public Builder createdAt(Instant v) { createdAt = v; return this; }
        public Builder updatedAt(Instant v) { updatedAt = v; return this; }
        public Builder expiresAt(Instant v) { expiresAt = v; return this; }
        public Builder canSign(Boolean v) { canSign = v; return this; }
        public Builder evidenceExpiresOn(LocalDate v) { evidenceExpiresOn = v; return this; }
        public Builder silentSms(Boolean v) { silentSms = v; return this; }
        public Builder evidenceId(String v) { evidenceId = v; return this; }
        public Builder refusals(int v) { refusals = v; return this; }
        public Builder trackingFailed(boolean v) { trackingFailed = v; return this; }
        public Builder orderedMsisdn(String v) { orderedMsisdn = v; return this; }
        public Builder signingStatus(String v) { signingStatus = v; return this; }

        /** Ends polling: phase DONE and no next poll. */
        public Builder done() { phase = Phase.DONE; nextPollAt = null; return this; }

        /**
         * Applies SRS's full status history: merges it (see {@link StatusHistory#merge}) and, when it
         * brought new entries, takes status and reason from the last entry.
         */
        public Builder applySrsHistory(List<StatusEntry> fromSrs) {
            StatusHistory.Merge m = StatusHistory.merge(statusHistory, fromSrs);
            statusHistory = m.history();
            if (m.changed()) {
                StatusEntry last = m.history().getLast();
                status = last.status();
                reason = last.reason();
            }
            return this;
        }

        public Identification build() {
            return new Identification(id, owner, refId, orderId, targetUrl, issuer, method, msisdn, externalId,
                    status, statusHistory, reason, phase, nextPollAt, pollShard, attempts, version, createdAt,
                    updatedAt, expiresAt, canSign, evidenceExpiresOn, silentSms, evidenceId, refusals, trackingFailed, orderedMsisdn,
                    signingStatus);
        }
    }
}
