package ch.srsconnect.tests.iam;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Runs after the rest of the suite (its own surefire execution, tests/pom.xml): every AWS call the functions made in
 * the end-to-end and component tests is evaluated against that function's policy as AWS's SAM translator grants it.
 * A call no statement allows fails the suite, naming function, action and resource; granted pairs no test used are
 * printed (least privilege), not failed.
 */
class IamCoverageCheck {

    @Test
    void everyAwsCallOfTheSuiteIsAllowedByItsFunctionsPolicy() throws IOException {
        Path dir = AwsCallLog.directory().orElseThrow(() -> new IllegalStateException(AwsCallLog.PROPERTY + " is not set"));
        List<AwsCallLog.Call> calls = AwsCallLog.calls(dir);
        Map<String, String> standsFor = AwsCallLog.standsFor(dir);
        Assumptions.assumeFalse(calls.isEmpty() && standsFor.isEmpty(), "no end-to-end or component test ran: nothing to check");
        // the test environment ran, so functions were called: no recorded call means the recording broke, not "all fine"
        assertFalse(calls.isEmpty(), "the tests ran functions but no AWS call was recorded in " + dir);
        IamPolicy policy = IamPolicy.of(Referees.translatedTemplate());

        List<IamPolicy.Verdict> verdicts = new ArrayList<>();
        List<AwsCallLog.Call> unattributed = new ArrayList<>();
        for (AwsCallLog.Call call : calls) {
            var function = policy.functionOf(call.handler());
            if (function.isEmpty()) {
                unattributed.add(call);
                continue;
            }
            IamPolicy.Verdict v = policy.evaluate(function.get(), call.action(), policy.canonical(call.resource(), standsFor));
            if (!verdicts.contains(v)) verdicts.add(v);
        }
        verdicts.sort(Comparator.comparing(IamPolicy.Verdict::function).thenComparing(IamPolicy.Verdict::action)
                .thenComparing(IamPolicy.Verdict::resource));
        System.out.println(report(policy, verdicts, unattributed));

        List<String> denied = verdicts.stream().filter(v -> !v.allowed())
                .map(v -> v.function() + " " + v.action() + " on " + policy.shortName(v.resource()) + ": " + v.reason()).toList();
        assertTrue(denied.isEmpty(), "AWS would deny these calls the suite made (template.yaml must grant them):\n  "
                + String.join("\n  ", denied));
    }

    static String report(IamPolicy policy, List<IamPolicy.Verdict> verdicts, List<AwsCallLog.Call> unattributed) {
        StringBuilder out = new StringBuilder("[iam-coverage] ").append(verdicts.size())
                .append(" distinct (function, action, resource) calls recorded by the suite:\n");
        for (IamPolicy.Verdict v : verdicts) {
            out.append(String.format("  %-22s %-30s %-42s %s%n", v.function(), v.action(), policy.shortName(v.resource()),
                    v.allowed() ? "allowed by " + v.allowedBy().orElseThrow().sid() : "DENIED: " + v.reason()));
        }
        List<IamPolicy.Grant> unused = policy.unused(verdicts.stream().filter(IamPolicy.Verdict::allowed).toList());
        out.append("[iam-coverage] granted but never used by the suite (least privilege: review, not a failure): ")
                .append(unused.size()).append('\n');
        for (IamPolicy.Grant g : unused) {
            out.append(String.format("  %-22s %-30s %-42s (%s)%n", g.function(), g.action(), g.resource(), g.sid()));
        }
        Map<String, List<String>> managed = new TreeMap<>(policy.managedPolicies());
        out.append("[iam-coverage] AWS managed policies, not evaluated (the code must not rely on them): ").append(managed).append('\n');
        if (!unattributed.isEmpty()) {
            out.append("[iam-coverage] calls made outside any function's handler (test code), not evaluated: ")
                    .append(unattributed.size()).append('\n');
            unattributed.forEach(c -> out.append("  ").append(c).append('\n'));
        }
        return out.toString();
    }
}
