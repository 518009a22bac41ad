package ch.srsconnect.tests.iam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.srsconnect.tests.TestEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * cfn-lint, AWS's CloudFormation linter, on template.yaml: it knows rules our own template checks don't (e.g. a
 * queue visibility timeout below the function timeout). Errors and warnings fail; informational findings print.
 */
class CfnLintTest {

    @Test
    void templateYamlHasNoCfnLintErrorsOrWarnings() {
        System.out.println("[referees] " + Referees.cfnLintVersion());
        Referees.Result r = Referees.run(TestEnvironment.projectRoot(), List.of("cfn-lint", "--format", "parseable", "template.yaml"));
        if (!r.output().isBlank()) System.out.println("[cfn-lint]\n" + r.output());
        // exit code bits: 2 errors, 4 warnings, 8 informational (cfn-lint's documented exit codes)
        assertEquals(0, r.exit() & (1 | 2 | 4), "cfn-lint template.yaml found errors or warnings:\n" + r.output());
    }

    @Test
    void cfnLintFindsTheProblemsItIsHereFor() throws Exception {
        Referees.cfnLintVersion();
        // a referee that passes everything proves nothing: a visibility timeout below the function's timeout is E3505
        String template = """
                AWSTemplateFormatVersion: "2010-09-09"
                Transform: AWS::Serverless-2016-10-31
                Resources:
                  Queue:
                    Type: AWS::SQS::Queue
                    Properties: { VisibilityTimeout: 10 }
                  Fn:
                    Type: AWS::Serverless::Function
                    Properties:
                      Runtime: java21
                      Handler: a.B::handleRequest
                      CodeUri: s3://bucket/fn.zip
                      Timeout: 60
                      Events:
                        Poll: { Type: SQS, Properties: { Queue: !GetAtt Queue.Arn } }
                """;
        Path file = Files.createTempFile("lint-", ".yaml");
        Files.writeString(file, template);
        Referees.Result r = Referees.run(TestEnvironment.projectRoot(), List.of("cfn-lint", "--format", "parseable", file.toString()));
        Files.delete(file);
        assertTrue((r.exit() & 2) != 0 && r.output().contains("E3505"), "cfn-lint should report E3505:\n" + r.output());
    }
}
