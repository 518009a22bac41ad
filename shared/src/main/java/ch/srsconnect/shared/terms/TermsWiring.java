package ch.srsconnect.shared.terms;

import ch.srsconnect.shared.Lazy;
import ch.srsconnect.shared.Platform;
import ch.srsconnect.shared.aws.AwsClients;
import ch.srsconnect.shared.config.Config;
import ch.srsconnect.shared.config.EnvVar;
import ch.srsconnect.shared.contract.SwisscomContract;
import ch.srsconnect.shared.phone.PhoneSettings;
import ch.srsconnect.shared.phone.PhoneStore;
import ch.srsconnect.shared.phone.PhoneVerifications;
import ch.srsconnect.shared.polling.LookupNudges;
import ch.srsconnect.shared.polling.Nudges;
import ch.srsconnect.shared.ra.RaClient;
import ch.srsconnect.shared.smartflows.SmartFlowsClient;
import ch.srsconnect.shared.smartflows.SmartFlowsLookup;
import ch.srsconnect.shared.store.IdentificationStore;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Clock;

/**
 * The terms function's use cases wired from a {@link Platform}: Smart Flows with scope {@code smartflow} tokens
 * (own cache secret), the RA lookup (authenticated per {@code RA_AUTH}), the identification table for phone, proof and T&C items.
 * Built once per container.
 */
public record TermsWiring(PhoneVerifications phones, TermsService terms, String ownerClaim) {

    public static TermsWiring of(Platform platform, Clock clock) {
        Config c = platform.config();
        DynamoDbClient dynamo = AwsClients.configure(DynamoDbClient.builder(), c, EnvVar.AWS_ENDPOINT_URL_DYNAMODB)
                .httpClient(AwsClients.httpClient()).build();
        String table = c.string(EnvVar.IDENTIFICATION_TABLE_NAME);
        SmartFlowsClient smartFlows = new SmartFlowsClient(platform.swisscomHttp(), platform.smartFlowsTokens(),
                c.uri(EnvVar.SMARTFLOWS_BASE_URL));
        RaLookup ra = platform.contract().lookupSource() == SwisscomContract.LookupSource.SMARTFLOWS
                ? new SmartFlowsLookup(smartFlows, clock)::lookup
                : RaClient.of(platform, clock)::lookup;
        PhoneVerifications phones = new PhoneVerifications(smartFlows, new PhoneStore(dynamo, table),
                PhoneSettings.fromConfig(c), clock);
        IdentificationStore identifications = new IdentificationStore(dynamo, table, clock);
        MsisdnAccess access = new MsisdnAccess(phones, identifications);
        LookupNudges nudges = new LookupNudges(identifications, Lazy.of(() -> Nudges.of(c, clock)));
        TermsService terms = new TermsService(smartFlows, ra, access, new TermsStore(dynamo, table), clock,
                platform.swisscomHttp().settings().defaultRetryAfterSeconds(), nudges);
        // the same claim place-order uses, so "used in one of its own identifications" means the same caller
        return new TermsWiring(phones, terms, c.string(EnvVar.OWNER_CLAIM, EnvVar.DEFAULT_OWNER_CLAIM));
    }
}
