package ch.srsconnect.shared.smartflows;

import java.time.LocalDate;
import java.util.List;

/**
 * Smart Flows' evidence status for one msisdn.
 *
 * @param levels         LOA per jurisdiction ({@code ZERTES}, {@code EIDAS}, upper case)
 * @param loa4ExpiryDate when the LOA 4 evidence expires, if there is one
 * @param signingStatus  parsed {@code signingStatus}
 * @param rawSigningStatus the value as Smart Flows sent it (for logs when {@link SigningStatus#UNKNOWN})
 * @param notFound       Smart Flows found no evidence
 */
public record EvidenceStatus(List<Level> levels, LocalDate loa4ExpiryDate, SigningStatus signingStatus,
                             String rawSigningStatus, boolean notFound) {

    public EvidenceStatus {
        levels = List.copyOf(levels);
    }

    public record Level(String jurisdiction, int assuranceLevel) {
    }
}
