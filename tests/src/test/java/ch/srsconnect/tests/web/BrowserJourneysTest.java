package ch.srsconnect.tests.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.srsconnect.local.LocalRuntime;
import ch.srsconnect.tests.TestEnvironment;
import ch.srsconnect.tests.iam.Referees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The demo SP app (web/demo) as a user sees it: web/test/journeys.mjs drives Debian's Chromium through playwright-core
 * against the shared local runtime: the video journey (form error at its field, partner tab, phone code, T&C, the
 * password+OTP consent iframe) and Selfie Ident (phone-sized, German, keyboard). Screenshots of every step land in
 * tests/target/browser-screenshots. Skipped with the reason where Chromium, Node or web/node_modules is missing,
 * except under CI, which installs them (.ci/run, ./dev test).
 */
class BrowserJourneysTest {
    private static final Path SCREENSHOTS = TestEnvironment.projectRoot().resolve("tests/target/browser-screenshots");

    /** The client's own tests (node:test, a recorded fetch): requests, encoding, problem+json to field errors. */
    @Test
    void theBrowserClientsUnitTestsPass() {
        Referees.require("Node.js", "node", "--version");
        Referees.Result r = Referees.run(TestEnvironment.projectRoot(), List.of("node", "--test", "web/test/client.test.mjs"));
        System.out.println(r.output());
        assertEquals(0, r.exit(), r.output());
        assertTrue(r.output().contains("# fail 0") && !r.output().contains("# pass 0"), r.output());
    }

    @Test
    void theVideoAndSelfieIdentJourneysWorkInARealBrowser() throws Exception {
        Referees.require("Chromium", "sh", "-c", "test -x \"${CHROMIUM:-/usr/bin/chromium}\" && echo chromium");
        Referees.require("Node.js", "node", "--version");
        Referees.require("playwright-core (npm ci in web/)", "test", "-d", "web/node_modules/playwright-core");
        LocalRuntime runtime = TestEnvironment.get().localRuntime();
        Files.createDirectories(SCREENSHOTS);
        ProcessBuilder pb = new ProcessBuilder("node", "web/test/journeys.mjs").directory(TestEnvironment.projectRoot().toFile())
                .redirectErrorStream(true);
        pb.environment().put("SRS_CONNECT_URL", runtime.baseUrl());
        pb.environment().put("SIMULATOR_URL", TestEnvironment.get().simulator().baseUrl().toString());
        pb.environment().put("SCREENSHOTS", SCREENSHOTS.toString());
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "the journeys took more than 5 minutes");
        System.out.println(output);
        assertEquals(0, p.exitValue(), output);
        try (Stream<Path> files = Files.list(SCREENSHOTS)) {
            List<String> shots = files.map(f -> f.getFileName().toString()).sorted().toList();
            for (String step : List.of("video/choose", "video/form-error", "video/partner", "video/consent", "video/ready",
                    "selfie/form", "selfie/ready")) {
                String[] js = step.split("/");
                assertTrue(shots.stream().anyMatch(s -> s.startsWith(js[0] + "-") && s.contains("-" + js[1])), step + " screenshot in " + shots);
            }
        }
    }
}
