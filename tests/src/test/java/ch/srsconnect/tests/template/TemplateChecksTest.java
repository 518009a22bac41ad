package ch.srsconnect.tests.template;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Each template check fed small, deliberately broken templates: it must report the problem (and not a good one). */
class TemplateChecksTest {

    static CfnSchemas schemas;

    @BeforeAll
    static void schemas() {
        TemplateTest.load();
        schemas = TemplateTest.schemas();
    }

    /** A minimal valid SAM template; {@code %s} is where a test adds or breaks something. */
    static final String BASE = """
            Transform: AWS::Serverless-2016-10-31
            Parameters:
              Retention: { Type: Number, Default: 7 }
              Origins: { Type: CommaDelimitedList, Default: "" }
            Globals:
              Function:
                Runtime: java21
                Environment:
                  Variables:
                    GLOBAL_VAR: !Ref Retention
            Resources:
              Api:
                Type: AWS::Serverless::HttpApi
                Properties:
                  Auth:
                    Authorizers:
                      Jwt:
                        IdentitySource: $request.header.Authorization
                        JwtConfiguration: { issuer: https://issuer.example, audience: [a] }
                    DefaultAuthorizer: Jwt
                  AccessLogSettings: { DestinationArn: !GetAtt Logs.Arn, Format: "$context.requestId" }
              Fn:
                Type: AWS::Serverless::Function
                Properties:
                  CodeUri: functions/list-methods/target/list-methods.zip
                  Handler: ch.srsconnect.tests.template.TemplateChecksTest$GoodHandler::handleRequest
                  LoggingConfig: { LogGroup: !Ref Logs }
                  Environment:
                    Variables:
                      LOCAL_VAR: "1"
                  Policies:
                    - Statement:
                        - Effect: Allow
                          Action: secretsmanager:GetSecretValue
                          Resource: !Ref Secret
                  Events:
                    Get:
                      Type: HttpApi
                      Properties: { ApiId: !Ref Api, Method: GET, Path: /things }
              Secret:
                Type: AWS::SecretsManager::Secret
                Properties:
                  Description: !Sub "secret of ${AWS::StackName} in ${Logs.Arn}"
              Logs:
                Type: AWS::Logs::LogGroup
                Properties:
                  RetentionInDays: !Ref Retention
            %s
            """;

    static TemplateModel good() {
        return TemplateModel.parse(BASE.formatted(""));
    }

    /** Applies one textual change to the base template (the original must be there). */
    static TemplateModel broken(String original, String replacement) {
        String yaml = BASE.formatted("");
        assertTrue(yaml.contains(original), "test bug: base template lacks " + original);
        return TemplateModel.parse(yaml.replace(original, replacement));
    }

    static TemplateModel withExtra(String yaml) {
        return TemplateModel.parse(BASE.formatted(yaml.stripIndent().indent(2)));
    }

    static void assertReports(List<String> problems, String... fragments) {
        if (problems.isEmpty()) fail("expected a problem mentioning " + List.of(fragments) + ", got none");
        String all = String.join("\n", problems);
        for (String f : fragments) {
            assertTrue(all.contains(f), "expected a problem mentioning '" + f + "', got:\n" + all);
        }
    }

    // handlers used by the handler check
    public static class GoodHandler implements com.amazonaws.services.lambda.runtime.RequestHandler<String, String> {
        @Override
        public String handleRequest(String input, com.amazonaws.services.lambda.runtime.Context context) {
            return input;
        }
    }

    public static class NotAHandler {
        public String handleRequest(String input) {
            return input;
        }
    }

    @Test
    void theBaseTemplatePassesEveryCheck(@TempDir Path project) throws Exception {
        TemplateModel t = good();
        assertEquals(List.of(), TemplateChecks.handlers(t, getClass().getClassLoader()));
        assertEquals(List.of(), TemplateChecks.references(t, schemas));
        assertEquals(List.of(), TemplateChecks.resourceSchemas(t, schemas));
        assertEquals(List.of(), TemplateChecks.samRules(t));
        assertEquals(List.of(), TemplateChecks.environment(t, "Fn", Set.of("GLOBAL_VAR", "LOCAL_VAR"), Set.of("GLOBAL_VAR", "LOCAL_VAR")));
        assertEquals(List.of(), TemplateChecks.codeUris(t, module(project, "list-methods")));
    }

    // ---- handlers

    @Test
    void missingHandlerClassIsReported() {
        TemplateModel t = broken("TemplateChecksTest$GoodHandler", "TemplateChecksTest$NoSuchHandler");
        assertReports(TemplateChecks.handlers(t, getClass().getClassLoader()), "NoSuchHandler is not on the class path");
    }

    @Test
    void handlerThatIsNoRequestHandlerIsReported() {
        TemplateModel t = broken("TemplateChecksTest$GoodHandler", "TemplateChecksTest$NotAHandler");
        assertReports(TemplateChecks.handlers(t, getClass().getClassLoader()), "does not implement com.amazonaws.services.lambda.runtime.RequestHandler");
    }

    @Test
    void handlerWithoutMethodIsReported() {
        TemplateModel t = broken("GoodHandler::handleRequest", "GoodHandler::handle");
        assertReports(TemplateChecks.handlers(t, getClass().getClassLoader()), "Handler method handle not found");
    }

    // ---- environment

    @Test
    void variableTheCodeReadsButTemplateDoesNotSetIsReported() {
        assertReports(TemplateChecks.environment(good(), "Fn", Set.of("GLOBAL_VAR", "SRS_BASE_URL"), Set.of("GLOBAL_VAR", "LOCAL_VAR", "SRS_BASE_URL")),
                "SRS_BASE_URL is read by the code but not set");
    }

    @Test
    void variableSetOnlyOnAnotherFunctionDoesNotCount() {
        TemplateModel t = withExtra("""
                Other:
                  Type: AWS::Serverless::Function
                  Properties:
                    CodeUri: functions/other/target/other.zip
                    Handler: x.Y::handleRequest
                    Environment: { Variables: { ONLY_HERE: "x" } }
                """);
        assertReports(TemplateChecks.environment(t, "Fn", Set.of("ONLY_HERE"), Set.of("ONLY_HERE", "GLOBAL_VAR", "LOCAL_VAR")),
                "Fn: environment variable ONLY_HERE is read by the code but not set");
    }

    @Test
    void misspelledVariableInTemplateIsReported() {
        TemplateModel t = broken("LOCAL_VAR: \"1\"", "LOCAL_VRA: \"1\"");
        assertReports(TemplateChecks.environment(t, "Fn", Set.of("LOCAL_VAR"), Set.of("GLOBAL_VAR", "LOCAL_VAR")),
                "LOCAL_VAR is read by the code but not set", "LOCAL_VRA is set but no code reads it");
    }

    @Test
    void emptyVariableIsReported() {
        TemplateModel t = broken("LOCAL_VAR: \"1\"", "LOCAL_VAR: \"\"");
        assertReports(TemplateChecks.environment(t, "Fn", Set.of("LOCAL_VAR"), Set.of("GLOBAL_VAR", "LOCAL_VAR")),
                "LOCAL_VAR is set to an empty value");
    }

    @Test
    void functionModuleMentioningAVariableNeedsIt(@TempDir Path project) throws Exception {
        Path src = project.resolve("functions/list-methods/src/main/java/x");
        Files.createDirectories(src);
        Files.writeString(src.resolve("H.java"), "class H { int ttl = config.seconds(EnvVar.METHODS_CACHE_TTL_SECONDS); }");
        EnvVarCatalog catalog = new EnvVarCatalog(Set.of("SRS_BASE_URL", "METHODS_CACHE_TTL_SECONDS", "SMARTFLOWS_BASE_URL"),
                Set.of("AWS_REGION"), Set.of("SRS_BASE_URL"));
        assertEquals(Set.of("SRS_BASE_URL", "METHODS_CACHE_TTL_SECONDS"), catalog.neededBy(project, "list-methods"));
    }

    @Test
    void getenvOfAnUndeclaredVariableIsReported(@TempDir Path project) throws Exception {
        Path src = project.resolve("shared/src/main/java/x");
        Files.createDirectories(src);
        Files.writeString(src.resolve("C.java"), "class C { String a = System.getenv(\"AWS_REGION\"); String b = System.getenv(\"SECRET_SAUCE\"); }");
        EnvVarCatalog catalog = new EnvVarCatalog(Set.of("SRS_BASE_URL"), Set.of("AWS_REGION"), Set.of());
        List<String> problems = catalog.undeclaredReads(project);
        assertEquals(1, problems.size(), problems.toString());
        assertReports(problems, "SECRET_SAUCE");
    }

    // ---- references

    @Test
    void refToNothingIsReported() {
        assertReports(TemplateChecks.references(broken("Resource: !Ref Secret", "Resource: !Ref Secrett"), schemas),
                "!Ref Secrett names no parameter, resource or pseudo parameter");
    }

    @Test
    void getAttToMissingResourceOrAttributeIsReported() {
        TemplateModel t = TemplateModel.parse(BASE.formatted("") + """
                Outputs:
                  A: { Value: !GetAtt Nope.Arn }
                  B: { Value: !GetAtt Logs.Nonsense }
                  C: { Value: !GetAtt Api.ApiEndpoint }
                  D: { Value: !GetAtt FnRole.Arn }
                """);
        List<String> problems = TemplateChecks.references(t, schemas);
        assertReports(problems, "!GetAtt Nope.Arn names no resource", "AWS::Logs::LogGroup has no attribute Nonsense");
        assertEquals(2, problems.size(), "SAM-generated FnRole and HttpApi's ApiEndpoint are valid: " + problems);
    }

    @Test
    void subVariablesAreChecked() {
        TemplateModel t = broken("secret of ${AWS::StackName} in ${Logs.Arn}", "secret of ${Stack} in ${Logs.Name} ${!Literal}");
        List<String> problems = TemplateChecks.references(t, schemas);
        assertReports(problems, "!Sub ${Stack} names no parameter", "!Sub ${Logs.Name}: AWS::Logs::LogGroup has no attribute Name");
        assertEquals(2, problems.size(), "${!Literal} is an escape, not a reference: " + problems);
    }

    @Test
    void undeclaredConditionAndDependsOnAreReported() {
        TemplateModel t = broken("    Type: AWS::Logs::LogGroup\n", "    Type: AWS::Logs::LogGroup\n    Condition: IsProd\n    DependsOn: [Ghost]\n");
        assertReports(TemplateChecks.references(t, schemas), "Condition: IsProd is not declared", "DependsOn: Ghost is not a resource");
    }

    // ---- CodeUri

    @Test
    void codeUriNotNamedAfterItsModuleIsReported(@TempDir Path project) throws Exception {
        TemplateModel t = broken("target/list-methods.zip", "target/methods.zip");
        assertReports(TemplateChecks.codeUris(t, module(project, "list-methods")), "methods.zip is not named after its module list-methods");
    }

    @Test
    void codeUriOfAMissingModuleIsReported(@TempDir Path project) {
        assertReports(TemplateChecks.codeUris(good(), project), "names module functions/list-methods, which has no pom.xml");
    }

    @Test
    void codeUriThatIsNotAMavenZipIsReported(@TempDir Path project) throws Exception {
        TemplateModel t = broken("functions/list-methods/target/list-methods.zip", "functions/list-methods/");
        assertReports(TemplateChecks.codeUris(t, module(project, "list-methods")), "CodeUri must be functions/<module>/target/<module>.zip");
    }

    // ---- CloudFormation resource schemas

    @Test
    void propertyUnknownToTheSchemaIsReported() {
        TemplateModel t = broken("RetentionInDays: !Ref Retention", "RetentionInDays: !Ref Retention\n      RetentionDays: 7");
        assertReports(TemplateChecks.resourceSchemas(t, schemas), "Logs (AWS::Logs::LogGroup)", "RetentionDays");
    }

    @Test
    void valueOutsideTheSchemaEnumIsReported() {
        TemplateModel t = broken("RetentionInDays: !Ref Retention", "RetentionInDays: 8");
        assertReports(TemplateChecks.resourceSchemas(t, schemas), "Logs (AWS::Logs::LogGroup)", "RetentionInDays");
    }

    @Test
    void intrinsicOfTheWrongTypeIsReportedButAnUnknownValueIsNot() {
        // !Ref of a Number parameter is fine for an integer enum (value unknown), a list is not
        TemplateModel t = broken("RetentionInDays: !Ref Retention", "RetentionInDays: !Ref Origins");
        assertReports(TemplateChecks.resourceSchemas(t, schemas), "RetentionInDays");
    }

    @Test
    void unknownValueOfAnIntrinsicIsNotHeldAgainstAPatternButALiteralIs() {
        TemplateModel t = withExtra("""
                Perm:
                  Type: AWS::Lambda::Permission
                  Properties:
                    Action: lambda:InvokeFunction
                    FunctionName: !GetAtt Fn.Arn
                    Principal: apigateway.amazonaws.com
                    SourceArn: !Sub "arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${Api}/*"
                    SourceAccount: "123"
                """);
        List<String> problems = TemplateChecks.resourceSchemas(t, schemas);
        assertReports(problems, "Perm (AWS::Lambda::Permission)", "SourceAccount");
        assertTrue(problems.stream().allMatch(p -> p.contains("/SourceAccount")),
                "SourceArn and FunctionName are intrinsics, their values unknown: no pattern applies to them: " + problems);
    }

    @Test
    void missingRequiredPropertyIsReported() {
        TemplateModel t = withExtra("""
                Role:
                  Type: AWS::IAM::Role
                  Properties:
                    Description: no trust policy
                """);
        assertReports(TemplateChecks.resourceSchemas(t, schemas), "Role (AWS::IAM::Role)", "AssumeRolePolicyDocument");
    }

    @Test
    void unknownResourceTypeIsReported() {
        TemplateModel t = withExtra("""
                Q:
                  Type: AWS::SQS::Queu
                """);
        assertReports(TemplateChecks.resourceSchemas(t, schemas), "no CloudFormation resource schema for type AWS::SQS::Queu");
    }

    @Test
    void functionPropertiesPassedToLambdaAreValidatedWithGlobals() {
        TemplateModel t = broken("Runtime: java21", "Runtime: java21\n    Architectures: [arm]\n    Timeout: 0\n    MemorySize: lots");
        List<String> problems = TemplateChecks.resourceSchemas(t, schemas);
        assertReports(problems, "Fn (AWS::Lambda::Function)", "Architectures", "Timeout", "MemorySize");
    }

    @Test
    void environmentValueThatIsNoStringIsReported() {
        TemplateModel t = broken("LOCAL_VAR: \"1\"", "LOCAL_VAR: 1");
        assertReports(TemplateChecks.resourceSchemas(t, schemas), "Fn (AWS::Lambda::Function)", "LOCAL_VAR");
    }

    // ---- SAM rules

    @Test
    void unknownEventTypeIsReported() {
        TemplateModel t = broken("Type: HttpApi", "Type: HttpAPI");
        assertReports(TemplateChecks.samRules(t), "Fn.Events.Get: unknown event Type HttpAPI");
    }

    @Test
    void httpApiEventWithoutPathOrOnAnotherApiIsReported() {
        TemplateModel t = broken("{ ApiId: !Ref Api, Method: GET, Path: /things }", "{ ApiId: !Ref Logs, Method: GET }");
        assertReports(TemplateChecks.samRules(t), "HttpApi event needs Properties.Path", "ApiId !Ref Logs is not an AWS::Serverless::HttpApi");
    }

    @Test
    void duplicateRouteIsReported() {
        TemplateModel t = broken("      Properties: { ApiId: !Ref Api, Method: GET, Path: /things }\n",
                "      Properties: { ApiId: !Ref Api, Method: GET, Path: /things }\n        Again:\n          Type: HttpApi\n          Properties: { ApiId: !Ref Api, Method: get, Path: /things }\n");
        assertReports(TemplateChecks.samRules(t), "route Api GET /things is already served by Fn.Events.Get");
    }

    @Test
    void missingRequiredFunctionPropertyIsReported() {
        TemplateModel t = broken("    Runtime: java21\n", "");
        assertReports(TemplateChecks.samRules(t), "Fn: required property Runtime is missing");
    }

    @Test
    void policyOnAResourceOutsideTheTemplateOrOnStarIsReported() {
        TemplateModel t = broken("Resource: !Ref Secret", "Resource: [!Ref OtherSecret, \"*\"]");
        assertReports(TemplateChecks.samRules(t), "policy references OtherSecret, which is not in this template",
                "Resource \"*\" is not least privilege");
    }

    @Test
    void defaultAuthorizerThatIsNotDeclaredOrJwtWithoutIssuerIsReported() {
        TemplateModel t = broken("DefaultAuthorizer: Jwt", "DefaultAuthorizer: Jwtt");
        assertReports(TemplateChecks.samRules(t), "DefaultAuthorizer Jwtt is not declared");
        TemplateModel noIssuer = broken("{ issuer: https://issuer.example, audience: [a] }", "{ audience: [a] }");
        assertReports(TemplateChecks.samRules(noIssuer), "JWT authorizer Jwt has no JwtConfiguration.issuer");
        TemplateModel open = broken("        DefaultAuthorizer: Jwt\n", "");
        assertReports(TemplateChecks.samRules(open), "Auth.DefaultAuthorizer is missing");
    }

    @Test
    void corsOriginsFromAnIntrinsicInsideTheConfigurationAreReported() {
        TemplateModel t = broken("        DefaultAuthorizer: Jwt\n",
                "        DefaultAuthorizer: Jwt\n      CorsConfiguration:\n        AllowOrigins: !Ref Origins\n        AllowMethod: [GET]\n");
        assertReports(TemplateChecks.samRules(t), "CorsConfiguration.AllowOrigins is an intrinsic", "CorsConfiguration.AllowMethod is not a SAM CORS property");
        TemplateModel whole = broken("        DefaultAuthorizer: Jwt\n",
                "        DefaultAuthorizer: Jwt\n      CorsConfiguration: !If [HasOrigins, {AllowOrigins: !Ref Origins}, !Ref AWS::NoValue]\n");
        assertEquals(List.of(), TemplateChecks.samRules(whole));
    }

    @Test
    void logsWithoutADeclaredLogGroupWithRetentionAreReported() {
        assertReports(TemplateChecks.samRules(broken("LoggingConfig: { LogGroup: !Ref Logs }", "LoggingConfig: { LogFormat: Text }")),
                "Fn.LoggingConfig.LogGroup is missing");
        assertReports(TemplateChecks.samRules(broken("LoggingConfig: { LogGroup: !Ref Logs }", "LoggingConfig: { LogGroup: /aws/lambda/x }")),
                "Fn.LoggingConfig.LogGroup must be !Ref an AWS::Logs::LogGroup of this template");
        assertReports(TemplateChecks.samRules(broken("DestinationArn: !GetAtt Logs.Arn", "DestinationArn: !Sub arn:aws:logs:x")),
                "Api.AccessLogSettings.DestinationArn must be !GetAtt <group>.Arn of an AWS::Logs::LogGroup");
        assertReports(TemplateChecks.samRules(broken("      RetentionInDays: !Ref Retention\n", "      LogGroupClass: STANDARD\n")),
                "log group Logs has no RetentionInDays");
    }

    // ---- samconfig.toml

    static final String SAMCONFIG = """
            version = 0.1
            [dev.deploy.parameters]
            stack_name = "s-dev"
            region = "eu-central-2"
            resolve_s3 = true
            capabilities = "CAPABILITY_IAM"
            parameter_overrides = "Stage=dev Issuer=https://idp.example"
            [prod.deploy.parameters]
            stack_name = "s-prod"
            region = "eu-central-2"
            resolve_s3 = true
            capabilities = "CAPABILITY_IAM"
            confirm_changeset = true
            parameter_overrides = "Stage=prod Issuer=https://idp.example"
            """;

    static final TemplateModel SAMCONFIG_TEMPLATE = TemplateModel.parse("""
            Parameters:
              Stage: { Type: String, AllowedValues: [dev, prod] }
              Issuer: { Type: String, AllowedPattern: "^https://.+$" }
              Level: { Type: String, Default: INFO }
            Resources: {}
            """);

    static List<String> samconfig(String toml) {
        return SamConfigCheck.check(toml, SAMCONFIG_TEMPLATE, List.of("dev", "prod"));
    }

    @Test
    void goodSamconfigPasses() {
        assertEquals(List.of(), samconfig(SAMCONFIG));
    }

    @Test
    void prodWithoutChangeSetConfirmationIsReported() {
        assertReports(samconfig(SAMCONFIG.replace("confirm_changeset = true", "confirm_changeset = false")),
                "prod: confirm_changeset must be true");
    }

    @Test
    void overrideOfAnUndeclaredParameterOrAnInvalidValueIsReported() {
        assertReports(samconfig(SAMCONFIG.replace("Stage=dev Issuer=https://idp.example", "Stage=test Issuer=http://idp.example Levl=DEBUG")),
                "dev: Stage=test is not one of [dev, prod]", "Issuer=http://idp.example does not match AllowedPattern",
                "sets Levl, which template.yaml does not declare", "Stage must be dev");
    }

    @Test
    void requiredParameterNotOverriddenOrMissingEnvironmentIsReported() {
        assertReports(samconfig(SAMCONFIG.replace("Stage=prod Issuer=https://idp.example", "Stage=prod")),
                "prod: parameter Issuer has no default");
        assertReports(SamConfigCheck.check(SAMCONFIG, SAMCONFIG_TEMPLATE, List.of("dev", "preprod")),
                "preprod: no [preprod.deploy.parameters] section");
    }

    @Test
    void deployWithoutIamCapabilityOrUploadLocationIsReported() {
        assertReports(samconfig(SAMCONFIG.replace("capabilities = \"CAPABILITY_IAM\"\nparameter_overrides = \"Stage=dev",
                        "capabilities = \"CAPABILITY_AUTO_EXPAND\"\nparameter_overrides = \"Stage=dev")
                        .replaceFirst("resolve_s3 = true", "resolve_s3 = false")),
                "dev: capabilities must include CAPABILITY_IAM", "dev: neither resolve_s3");
    }

    private static Path module(Path project, String name) throws Exception {
        Path dir = project.resolve("functions").resolve(name);
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("pom.xml"), "<project><artifactId>" + name + "</artifactId></project>");
        return project;
    }
}
