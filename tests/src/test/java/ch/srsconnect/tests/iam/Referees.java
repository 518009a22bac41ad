package ch.srsconnect.tests.iam;

import static org.junit.jupiter.api.Assertions.fail;

import ch.srsconnect.local.template.CfnYaml;
import ch.srsconnect.tests.TestEnvironment;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The referees we did not write (issue 8): AWS's SAM translator and cfn-lint, as installed on the machine. Where one
 * is missing a test is skipped with the reason, except under CI ({@code CI=true}), where these machines have them and
 * a missing one fails.
 */
public final class Referees {

    /** Parameters without a default, as a deployment would pass them. */
    /** WebhookUrl: the suite runs with a webhook (TestEnvironment), so the referees judge the template with one too. */
    public static final List<String> PARAMETERS = List.of("Stage=dev", "JwtIssuer=https://issuer.example", "JwtAudience=srs-connect",
            "WebhookUrl=https://hooks.example/srs-connect");
    private static Map<String, Object> translated;

    private Referees() {}

    /** The output of {@code command --version}-like probe, or skip / fail when the tool is missing. */
    public static String require(String what, String... probe) {
        Result r = run(TestEnvironment.projectRoot(), List.of(probe));
        if (r.exit() != 0) {
            String reason = what + " is not available here (" + String.join(" ", probe) + " -> exit " + r.exit() + ": "
                    + r.output().strip() + ")";
            if ("true".equals(System.getenv("CI"))) fail(reason + "; CI machines must have it (see ../shared/BUILD-NOTES.md)");
            Assumptions.abort(reason);
        }
        return r.output().strip();
    }

    public static String samTranslatorVersion() {
        return require("aws-sam-translator", "python3", "-c", "import samtranslator; print(samtranslator.__version__)");
    }

    public static String cfnLintVersion() {
        return require("cfn-lint", "cfn-lint", "--version");
    }

    /** template.yaml as {@code sam deploy} hands it to CloudFormation, transformed by AWS's own translator (cached). */
    public static synchronized Map<String, Object> translatedTemplate() {
        if (translated == null) translated = translate(TestEnvironment.projectRoot().resolve("template.yaml"));
        return translated;
    }

    /** Any SAM template through {@code tests/bin/sam-translate}, loaded with CloudFormation's intrinsic forms. */
    public static Map<String, Object> translate(Path template) {
        samTranslatorVersion();
        try {
            Path out = Files.createTempFile("translated-", ".json");
            List<String> command = new ArrayList<>(List.of("python3", "tests/bin/sam-translate",
                    "--template", template.toAbsolutePath().toString(), "--out", out.toString()));
            PARAMETERS.forEach(p -> command.addAll(List.of("--param", p)));
            Result r = run(TestEnvironment.projectRoot(), command);
            if (r.exit() != 0) fail("the SAM translator refused " + template + ":\n" + r.output());
            Map<String, Object> t = CfnYaml.loadString(Files.readString(out));
            Files.delete(out);
            return t;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public record Result(int exit, String output) {}

    public static Result run(Path dir, List<String> command) {
        try {
            Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Result(-1, output + "\n(timed out)");
            }
            return new Result(p.exitValue(), output);
        } catch (IOException e) {
            return new Result(127, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, "interrupted");
        }
    }
}
