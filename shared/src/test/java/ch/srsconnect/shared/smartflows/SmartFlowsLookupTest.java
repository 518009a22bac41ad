package ch.srsconnect.shared.smartflows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.srsconnect.shared.http.HttpSettings;
import ch.srsconnect.shared.http.HttpTransport;
import ch.srsconnect.shared.http.SwisscomHttp;
import ch.srsconnect.shared.testing.CountingTokens;
import ch.srsconnect.shared.testing.FakeServer;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SmartFlowsLookupTest {
    static final String STATUS = "/api/public/evidence/status";

    @Test
    void canSignNeedsMidOrSasAndNoPendingTermsAndTheSigningCheckReusesTheLookupsStatus() {
        String[] signing = {"MID"};
        boolean[] termsPending = {true};
        try (FakeServer sf = new FakeServer()
                .on(STATUS, r -> FakeServer.Response.json(200, "{\"status\":[{\"assuranceLevel\":4,\"jurisdiction\":\"zertes\"}],"
                        + "\"loa4ExpiryDate\":\"2028-01-01\",\"signingStatus\":\"" + signing[0] + "\",\"notFound\":false}"))
                .on("/api/public/evidence/41790000001/tc", r -> termsPending[0]
                        ? FakeServer.Response.json(200, "{\"link\":\"https://rasd.example/t/abc\"}") : FakeServer.Response.status(404))) {
            HttpSettings settings = new HttpSettings(Duration.ofSeconds(1), Duration.ofSeconds(2), 1,
                    Duration.ofMillis(10), Duration.ofMillis(10), Duration.ofSeconds(1), 5);
            SmartFlowsLookup lookup = new SmartFlowsLookup(new SmartFlowsClient(new SwisscomHttp(HttpTransport.of(settings),
                    settings), new CountingTokens(), sf.uri("/")), Clock.systemUTC());

            assertTrue(lookup.lookup("+41790000001").isEmpty(), "T&C still pending");
            termsPending[0] = false;
            assertEquals(4, lookup.lookup("+41790000001").orElseThrow().assuranceLevel());
            int calls = sf.requests(STATUS).size();
            assertEquals(SigningStatus.MID, lookup.signingStatus("+41790000001").signingStatus());
            assertEquals(calls, sf.requests(STATUS).size(), "the signing check takes the status the lookup fetched");
            assertEquals(SigningStatus.MID, lookup.signingStatus("+41790000001").signingStatus());
            assertEquals(calls + 1, sf.requests(STATUS).size(), "taken once: a later check asks again");

            signing[0] = "MISSMATCH_MID";
            termsPending[0] = true;
            assertTrue(lookup.lookup("+41790000001").isPresent(), "a mismatch is passed on, to end as re-identify");
        }
    }
}
