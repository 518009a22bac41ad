package ch.srsconnect.shared.contract;

import ch.srsconnect.shared.config.Config;
import ch.srsconnect.shared.config.EnvVar;
import ch.srsconnect.shared.ra.RaAuth;

/**
 * The parts of Swisscom's wire contract that the guides leave open, as configuration with a default, in one place
 * ({@code docs/swisscom-contract.md} lists every call and marks what is documented and what is assumed). Clients take
 * their assumed choices from here, never from their own constants or environment reads.
 *
 * @param raAuth       how the RA lookup authenticates ({@code RA_AUTH}; assumed, decision 0052)
 * @param testCallback call {@code GET /api/identifications/{refId}/callback} before reading a mock order's status
 *                     (issuer {@code test}); documented (guide §4 "Important ... only for test"), on outside prod
 *                     ({@code SRS_TEST_CALLBACK})
 */
public record SwisscomContract(RaAuth raAuth, boolean testCallback) {

    public static SwisscomContract fromConfig(Config config) {
        return new SwisscomContract(RaAuth.fromConfig(config),
                config.flag(EnvVar.SRS_TEST_CALLBACK, EnvVar.DEFAULT_SRS_TEST_CALLBACK));
    }

    /** A mock order of SRS's test environment: issuer {@code test} (the guide spells it {@code Test}). */
    public static boolean isMockIssuer(String issuer) {
        return issuer != null && issuer.trim().equalsIgnoreCase("test");
    }
}
