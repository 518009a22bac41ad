package ch.srsconnect.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.srsconnect.simulator.SimulatorOptions;
import ch.srsconnect.simulator.SrsSimulator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The probe against the simulator: everything holds as assumed, and each contract variant is named with its fix. */
class CheckSwisscomTest {
    static Path dir;

    @BeforeAll
    static void pki() throws IOException {
        dir = Files.createTempDirectory("check-swisscom");
    }

    record Run(int exit, String out) {
        List<String> lines(String verdict) {
            return out.lines().filter(l -> l.startsWith(verdict)).toList();
        }
    }

    static Run probe(SimulatorOptions options, String... extra) throws IOException {
        try (SrsSimulator sim = SrsSimulator.start(options.pkiDir(dir.resolve("pki")))) {
            List<String> args = new ArrayList<>(List.of("--base-url", sim.baseUrl().toString(), "--ra-url", sim.raBaseUrl().toString()));
            if (sim.devPki().isPresent()) {
                Path cert = dir.resolve("ra-certificate.json");
                Files.writeString(cert, sim.devPki().get().clientSecretJson());
                args.addAll(List.of("--ra-certificate", cert.toString()));
            }
            args.addAll(List.of(extra));
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            int exit = CheckSwisscom.run(args.toArray(String[]::new), Map.of(), new PrintStream(bytes, true, StandardCharsets.UTF_8));
            return new Run(exit, bytes.toString(StandardCharsets.UTF_8));
        }
    }

    @Test
    void everyAssumptionHoldsAgainstTheSimulatorAsAssumed() throws IOException {
        Run r = probe(SimulatorOptions.defaults());
        assertEquals(0, r.exit(), r.out());
        assertEquals(List.of(), r.lines("DIFFERS"), r.out());
        for (String a : List.of("idp.client-auth", "idp.scope-smartflow", "srs.accept", "srs.providers ", "srs.providers-filter",
                "srs.order", "srs.status", "srs.test-callback", "srs.cancel", "ra.auth", "smartflows.evidence-status")) {
            assertTrue(r.lines("HOLDS").stream().anyMatch(l -> l.contains(a)), a + " checked:\n" + r.out());
        }
        assertTrue(r.out().contains("verdict: every assumption checked holds"), r.out());
        assertFalse(r.out().contains("missswaggerclientsecret") || r.out().contains("PRIVATE KEY") || r.out().contains("41790000009"),
                "no secret, key or number in the report:\n" + r.out());
    }

    @ParameterizedTest
    @CsvSource({
            "idp-form,        idp.client-auth,    IdpClientAuth=form",
            "accept-json,     srs.accept,         SwisscomAcceptOverrides=\"GET /api/providers=application/json",
            "ra-bearer,       ra.auth,            RaAuth=bearer",
            "no-callback,     srs.test-callback,  mock orders do not move at SRS without it",
            "status-field,    srs.status,         the product reads 'statuses'",
            "providers-field, srs.providers ,     the product reads 'issuer'"})
    void eachContractVariantIsNamedWithItsFix(String variant, String assumption, String fix) throws IOException {
        Run r = probe(SimulatorOptions.defaults().contractVariant(variant));
        assertEquals(1, r.exit(), r.out());
        List<String> differs = r.lines("DIFFERS");
        assertEquals(1, differs.size(), "only the variant differs:\n" + r.out());
        assertTrue(differs.getFirst().contains(assumption), r.out());
        String afterIt = r.out().substring(r.out().indexOf(differs.getFirst()));
        assertTrue(afterIt.lines().skip(1).findFirst().orElse("").contains("fix: ") && afterIt.contains(fix), r.out());
    }

    @Test
    void prodMakesReadOnlyCallsOnly() throws IOException {
        Path creds = dir.resolve("creds.json");
        Files.writeString(creds, "{\"clientId\":\"missswaggerclient\",\"clientSecret\":\"missswaggerclientsecret\"}");
        Run r = probe(SimulatorOptions.defaults(), "--env", "prod", "--credentials", creds.toString(), "--msisdn", "+41790000042");
        assertEquals(0, r.exit(), r.out());
        assertEquals(4, r.lines("NOT_CHECKED").size(), r.out());
        assertTrue(r.lines("NOT_CHECKED").stream().allMatch(l -> l.contains("read-only")), r.out());
    }

    @Test
    void helpIsUsageAndExitZero() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        assertEquals(0, CheckSwisscom.run(new String[] {"--help"}, Map.of(), new PrintStream(bytes, true, StandardCharsets.UTF_8)));
        assertTrue(bytes.toString(StandardCharsets.UTF_8).startsWith("usage: ./dev check-swisscom"));
    }

    @Test
    void badUsageSaysWhatIsMissing() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int exit = CheckSwisscom.run(new String[] {"--env", "prod"}, Map.of(), new PrintStream(bytes, true, StandardCharsets.UTF_8));
        assertEquals(2, exit);
        assertTrue(bytes.toString(StandardCharsets.UTF_8).contains("--idp-url (or --base-url) is required with --env prod"));
    }
}
