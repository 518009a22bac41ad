package ch.srsconnect.shared.phone;

import ch.srsconnect.shared.Randomness;
import ch.srsconnect.shared.api.FieldError;
import ch.srsconnect.shared.api.Problem;
import ch.srsconnect.shared.http.SwisscomUnavailableException;
import ch.srsconnect.shared.log.Log;
import ch.srsconnect.shared.log.Msisdn;
import ch.srsconnect.shared.smartflows.SmartFlowsClient;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Use case: a caller proves it owns a number by OTP (Smart Flows sends and checks the code). Bounded attempts,
 * expiry, send limits per number and per caller; a verified number counts as the caller's for
 * {@link PhoneSettings#proofValidity()}. Failures are {@link Problem}s thrown as exceptions.
 */
public final class PhoneVerifications {
    private static final Log LOG = Log.get(PhoneVerifications.class);
    /** Smart Flows' codes are 4 letters; accept a little more, never anything that is not letters/digits. */
    private static final Pattern CODE = Pattern.compile("[A-Za-z0-9]{1,12}");

    private final SmartFlowsClient smartFlows;
    private final PhoneStore store;
    private final PhoneSettings settings;
    private final Clock clock;

    public PhoneVerifications(SmartFlowsClient smartFlows, PhoneStore store, PhoneSettings settings, Clock clock) {
        this.smartFlows = Objects.requireNonNull(smartFlows);
        this.store = Objects.requireNonNull(store);
        this.settings = Objects.requireNonNull(settings);
        this.clock = Objects.requireNonNull(clock);
    }

    public PhoneSettings settings() {
        return settings;
    }

    /** Sends an OTP to {@code msisdn} (already normalised) for {@code owner}. */
    public PhoneVerification start(String owner, String msisdn) {
        Instant now = clock.instant();
        Optional<Instant> limitedUntil = store.countSend(owner, msisdn, now, settings);
        if (limitedUntil.isPresent()) {
            long wait = Math.max(1, Duration.between(now, limitedUntil.get()).toSeconds());
            LOG.info("phone verification rate limited", "msisdn", Msisdn.mask(msisdn), "retryAfter", wait);
            throw Problem.tooManyRequests("Too many codes were requested for this number or by this caller; retry later.", wait)
                    .asException();
        }
        smartFlows.sendOtp(msisdn);
        PhoneVerification v = new PhoneVerification(Randomness.uuid(), owner, msisdn,
                PhoneVerification.State.PENDING, 0, settings.maxAttempts(), now, now.plus(settings.codeValidity()), null);
        store.create(v);
        LOG.info("phone verification started", "verification", v.id(), "msisdn", Msisdn.mask(msisdn));
        return v;
    }

    /** Checks {@code code} for verification {@code id} of {@code owner}. */
    public PhoneVerification check(String owner, String id, String code) {
        if (code == null || !CODE.matcher(code.trim()).matches()) {
            throw Problem.invalidParameters(List.of(new FieldError("code", "the code from the SMS (letters and digits) is required")))
                    .asException();
        }
        PhoneVerification v = store.get(id).filter(x -> x.owner().equals(owner))
                .orElseThrow(() -> Problem.notFound("No such phone verification.").asException());
        Instant now = clock.instant();
        if (v.state() == PhoneVerification.State.VERIFIED) {
            if (CodeHash.matches(v.codeHash(), v.id(), code)) {
                return v;   // a retried check of the accepted code
            }
            throw Problem.of(409, "already-verified", "Already verified",
                    "This verification already succeeded; start a new one to check another code.").asException();
        }
        PhoneVerification reserved = store.reserveAttempt(id, now).orElseThrow(() -> over(store.get(id).orElse(v), now));
        boolean ok;
        try {
            ok = smartFlows.checkOtp(v.msisdn(), code.trim());
        } catch (SwisscomUnavailableException e) {
            store.releaseAttempt(id);
            throw e;
        }
        if (ok) {
            store.markVerified(id, CodeHash.of(id, code));
            store.putProof(owner, v.msisdn(), now, settings.proofValidity());
            LOG.info("phone verified", "verification", id, "msisdn", Msisdn.mask(v.msisdn()));
            return new PhoneVerification(id, owner, v.msisdn(), PhoneVerification.State.VERIFIED, reserved.attempts(),
                    reserved.maxAttempts(), v.createdAt(), v.validUntil(), null);
        }
        int left = reserved.attemptsLeft();
        if (left == 0) {
            store.markExhausted(id);
        }
        LOG.info("phone verification code wrong", "verification", id, "attemptsLeft", left);
        throw Problem.invalidParameters(List.of(new FieldError("code", left == 0
                        ? "wrong code; no attempts left: start a new verification"
                        : "wrong code; " + left + " attempt(s) left")))
                .withDetail(left == 0 ? "The code is wrong and no attempts are left." : "The code is wrong.").asException();
    }

    private static RuntimeException over(PhoneVerification v, Instant now) {
        if (v.state() == PhoneVerification.State.VERIFIED) {
            return Problem.of(409, "already-verified", "Already verified",
                    "This verification already succeeded; start a new one to check another code.").asException();
        }
        if (v.expiredAt(now)) {
            return Problem.of(410, "verification-expired", "Verification expired",
                    "The code has expired; start a new phone verification.").asException();
        }
        return Problem.of(410, "verification-exhausted", "No attempts left",
                "Too many wrong codes; start a new phone verification.").asException();
    }

    /** When {@code owner} proved {@code msisdn}, if that is still recent enough. */
    public Optional<Instant> recentProof(String owner, String msisdn) {
        Instant now = clock.instant();
        return store.provedAt(owner, msisdn).filter(at -> at.plus(settings.proofValidity()).isAfter(now));
    }
}
