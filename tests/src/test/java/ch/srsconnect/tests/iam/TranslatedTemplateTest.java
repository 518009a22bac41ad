package ch.srsconnect.tests.iam;

import static ch.srsconnect.tests.iam.Cfn.list;
import static ch.srsconnect.tests.iam.Cfn.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.srsconnect.local.template.CfnYaml;
import ch.srsconnect.local.template.Intrinsic;
import ch.srsconnect.shared.config.EnvVar;
import ch.srsconnect.tests.TestEnvironment;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * template.yaml as CloudFormation receives it from AWS's SAM translator (the transform {@code sam deploy} triggers),
 * not as we read it: what the SP's account will actually contain.
 */
class TranslatedTemplateTest {

    private static Map<String, Object> sam;
    private static Map<String, Object> cfn;

    @BeforeAll
    static void translate() {
        System.out.println("[referees] aws-sam-translator " + Referees.samTranslatorVersion());
        sam = CfnYaml.load(TestEnvironment.projectRoot().resolve("template.yaml"));
        cfn = Referees.translatedTemplate();
    }

    private static Map<String, Object> resources(Map<String, Object> t) {
        return Cfn.section(t, "Resources");
    }

    private static List<String> ofType(Map<String, Object> t, String type) {
        List<String> ids = new ArrayList<>();
        resources(t).forEach((id, r) -> {
            if (type.equals(map(r).get("Type"))) ids.add(id);
        });
        return ids;
    }

    private static Map<String, Object> props(String id) {
        return map(map(resources(cfn).get(id)).get("Properties"));
    }

    private static String ref(Object value) {
        return value instanceof Intrinsic i && i.name().equals("Ref") ? String.valueOf(i.argument()) : "not a Ref: " + value;
    }

    @Test
    void everyRouteOfTheHttpApiNeedsTheJwtAuthorizer() {
        Map<String, Object> body = map(props("HttpApi").get("Body"));
        int routes = 0;
        for (var path : map(body.get("paths")).entrySet()) {
            for (var op : map(path.getValue()).entrySet()) {
                if (op.getKey().startsWith("x-")) continue;
                routes++;
                assertEquals(List.of(Map.of("JwtAuthorizer", List.of())), map(op.getValue()).get("security"),
                        op.getKey() + " " + path.getKey() + " must require the JWT authorizer");
            }
        }
        long declared = ofType(sam, "AWS::Serverless::Function").stream()
                .flatMap(f -> map(map(map(resources(sam).get(f)).get("Properties")).get("Events")).values().stream())
                .filter(e -> "HttpApi".equals(map(e).get("Type"))).count();
        assertEquals(declared, routes, "every HttpApi event of template.yaml is a route");
        Map<String, Object> jwt = map(map(map(map(body.get("components")).get("securitySchemes")).get("JwtAuthorizer"))
                .get("x-amazon-apigateway-authorizer"));
        assertEquals("jwt", jwt.get("type"));
        assertEquals("JwtIssuer", ref(map(jwt.get("jwtConfiguration")).get("issuer")));
        assertEquals("JwtAudience", ref(map(jwt.get("jwtConfiguration")).get("audience")));
    }

    @Test
    void theAwsCallRecorderIsNeverSwitchedOnInAws() {
        for (String fn : ofType(cfn, "AWS::Lambda::Function")) {
            Map<String, Object> vars = map(map(props(fn).get("Environment")).get("Variables"));
            assertFalse(vars.containsKey(EnvVar.SRS_CONNECT_AWS_CALL_LOG), fn);
            assertFalse(vars.containsKey(EnvVar.SRS_CONNECT_AWS_CALL_ACCOUNT), fn);
            assertTrue(vars.containsKey("SRS_BASE_URL"), fn + ": the Globals' environment reached the function");
        }
    }

    @Test
    void thePollQueueMappingReportsBatchItemFailuresIsBoundedAndInvokesTheAlias() {
        List<String> mappings = ofType(cfn, "AWS::Lambda::EventSourceMapping");
        assertEquals(List.of("PollWorkerFunctionPoll"), mappings);
        Map<String, Object> esm = props(mappings.getFirst());
        assertEquals(List.of("ReportBatchItemFailures"), esm.get("FunctionResponseTypes"));
        assertEquals("PollWorkerMaxConcurrency", ref(map(esm.get("ScalingConfig")).get("MaximumConcurrency")));
        assertEquals("PollWorkerFunctionAliaslive", ref(esm.get("FunctionName")));
    }

    @Test
    void eachRoleCarriesExactlyTheStatementsTheIamCheckEvaluates() {
        IamPolicy policy = IamPolicy.of(cfn);
        for (String fn : ofType(sam, "AWS::Serverless::Function")) {
            List<String> declared = new ArrayList<>();
            Object policies = map(map(resources(sam).get(fn)).get("Properties")).get("Policies");
            // Referees.PARAMETERS turn on every condition a policy depends on (HasWebhook)
            for (Object p : IamPolicy.activePolicies(policies, condition -> true)) {
                for (Object s : list(map(p).get("Statement"))) declared.add(String.valueOf(map(s).get("Sid")));
            }
            List<String> evaluated = policy.statements().getOrDefault(fn, List.of()).stream().map(IamPolicy.Statement::sid).toList();
            assertEquals(declared, evaluated, fn + ": the translated role must hold the template's statements, no more");
            Map<String, Object> role = props(fn + "Role");
            assertEquals(list(policies).size(), list(role.get("Policies")).size(), fn + ": one inline policy per declared one");
        }
        assertEquals(Set.copyOf(ofType(sam, "AWS::Serverless::Function")), policy.statements().keySet());
    }

    @Test
    void logGroupsAndRetentionAreTheDeclaredOnesAndLogsAreJson() {
        for (String fn : ofType(cfn, "AWS::Lambda::Function")) {
            Map<String, Object> logging = map(props(fn).get("LoggingConfig"));
            assertEquals("JSON", logging.get("LogFormat"), fn);
            assertEquals("TRACE", logging.get("ApplicationLogLevel"), fn + ": the code filters by LOG_LEVEL; EMF lines have no level");
            String group = ref(logging.get("LogGroup"));
            assertEquals("AWS::Logs::LogGroup", map(resources(cfn).get(group)).get("Type"), fn + " logs to " + group);
            assertEquals("LogRetentionDays", ref(props(group).get("RetentionInDays")), group);
        }
        for (String group : ofType(cfn, "AWS::Logs::LogGroup")) {
            assertEquals("LogRetentionDays", ref(props(group).get("RetentionInDays")), group + ": no log group keeps logs forever");
        }
    }

    @Test
    void everyFunctionDeploysBehindAnAliasWithItsErrorsAlarmAsRollbackTrigger() {
        for (String fn : ofType(sam, "AWS::Serverless::Function")) {
            Map<String, Object> alias = props(fn + "Aliaslive");
            assertEquals("live", alias.get("Name"), fn);
            Map<String, Object> group = props(fn + "DeploymentGroup");
            List<String> alarms = list(map(group.get("AlarmConfiguration")).get("Alarms")).stream().map(a -> ref(map(a).get("Name"))).toList();
            String errorsAlarm = fn.replace("Function", "") + "ErrorsAlarm";
            assertEquals(List.of(errorsAlarm), alarms, fn + " rolls back on its own errors");
            assertTrue(list(map(group.get("AutoRollbackConfiguration")).get("Events")).contains("DEPLOYMENT_STOP_ON_ALARM"));
            assertEquals("Errors", props(errorsAlarm).get("MetricName"));
            assertEquals("Throttles", props(fn.replace("Function", "") + "ThrottlesAlarm").get("MetricName"));
        }
        assertEquals("PollSchedulerFunctionAliaslive",
                ref(map(list(props("PollSchedulerFunctionTick").get("Targets")).getFirst()).get("Arn")), "the schedule invokes the alias");
    }

    @Test
    void everyAlarmNotifiesTheOptionalTopic() {
        Set<String> metrics = new TreeSet<>();
        for (String alarm : ofType(cfn, "AWS::CloudWatch::Alarm")) {
            metrics.add(props(alarm).get("Namespace") + "/" + props(alarm).get("MetricName"));
            Object actions = props(alarm).get("AlarmActions");
            assertTrue(actions instanceof Intrinsic i && i.name().equals("Fn::If") && String.valueOf(i.argument()).contains("HasAlarmTopic"),
                    alarm + " must notify AlarmTopicArn when one is given: " + actions);
        }
        for (String m : List.of("AWS/Lambda/Errors", "AWS/Lambda/Throttles", "AWS/ApiGateway/5xx", "AWS/SQS/ApproximateAgeOfOldestMessage",
                "AWS/SQS/ApproximateNumberOfMessagesVisible", "SrsConnect/PollPoisonMessages", "SrsConnect/PollTrackingFailed")) {
            assertTrue(metrics.contains(m), "an alarm on " + m + " (have " + metrics + ")");
        }
        assertFalse(ofType(cfn, "AWS::CodeDeploy::Application").isEmpty(), "CodeDeploy runs the deployment preference");
    }

    /**
     * SnapStart (decision 0056): every function's {@code ApplyOn} is looked up from the parameter, so that the version
     * SnapStart applies to follows it; by default no function uses it, ApiFunctions turns it on for the three HTTP API
     * functions, AllFunctions for all five.
     */
    @Test
    void snapStartFollowsItsParameterAndIsOffByDefault() {
        Map<String, Object> table = map(Cfn.section(cfn, "Mappings").get("SnapStart"));
        Set<String> api = Set.of("ListMethodsFunction", "PlaceOrderFunction", "TermsFunction");
        Map<String, Map<String, String>> applied = new TreeMap<>();
        for (String value : List.of("None", "ApiFunctions", "AllFunctions")) {
            for (String fn : ofType(cfn, "AWS::Lambda::Function")) {
                Object applyOn = map(props(fn).get("SnapStart")).get("ApplyOn");
                assertTrue(applyOn instanceof Intrinsic i && i.name().equals("Fn::FindInMap"), fn + ": " + applyOn);
                List<?> args = list(((Intrinsic) applyOn).argument());
                assertEquals("SnapStart", args.get(0), fn);
                assertEquals("SnapStartFunctions", ref(args.get(1)), fn);
                Object column = map(table.get(value)).get(args.get(2));
                applied.computeIfAbsent(value, k -> new TreeMap<>()).put(fn, String.valueOf(column));
            }
        }
        assertEquals("None", map(Cfn.section(sam, "Parameters").get("SnapStartFunctions")).get("Default"));
        applied.get("None").forEach((fn, v) -> assertEquals("None", v, fn));
        applied.get("ApiFunctions").forEach((fn, v) -> assertEquals(api.contains(fn) ? "PublishedVersions" : "None", v, fn));
        applied.get("AllFunctions").forEach((fn, v) -> assertEquals("PublishedVersions", v, fn));
        assertEquals(5, applied.get("AllFunctions").size(), applied.toString());
    }
}
