package ch.srsconnect.tests.template;

import ch.srsconnect.local.template.Intrinsic;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static ch.srsconnect.tests.template.TemplateModel.map;

/**
 * The template checks. Each returns the problems it finds as readable lines (empty: fine), so the real template
 * and small deliberately broken ones go through the same code.
 */
final class TemplateChecks {

    static final String SERVERLESS_FUNCTION = "AWS::Serverless::Function";
    static final String SERVERLESS_HTTP_API = "AWS::Serverless::HttpApi";

    /** What a SAM resource becomes in CloudFormation (same logical id): its attributes are that type's. */
    static final Map<String, String> SAM_TO_CFN = Map.of(
            SERVERLESS_FUNCTION, "AWS::Lambda::Function",
            SERVERLESS_HTTP_API, "AWS::ApiGatewayV2::Api",
            "AWS::Serverless::Api", "AWS::ApiGateway::RestApi",
            "AWS::Serverless::SimpleTable", "AWS::DynamoDB::Table",
            "AWS::Serverless::StateMachine", "AWS::StepFunctions::StateMachine",
            "AWS::Serverless::LayerVersion", "AWS::Lambda::LayerVersion");

    /** Function properties SAM passes through unchanged to AWS::Lambda::Function: validated with its schema. */
    static final Set<String> FUNCTION_PASS_THROUGH = Set.of(
            "Runtime", "Handler", "MemorySize", "Timeout", "Architectures", "Environment", "Description",
            "LoggingConfig", "ReservedConcurrentExecutions", "EphemeralStorage", "SnapStart", "Layers", "KmsKeyArn",
            "FunctionName", "PackageType");

    static final Set<String> SAM_EVENT_TYPES = Set.of(
            "Api", "HttpApi", "SQS", "SNS", "S3", "Schedule", "ScheduleV2", "EventBridgeRule", "CloudWatchEvent",
            "CloudWatchLogs", "DynamoDB", "Kinesis", "IoTRule", "AlexaSkill", "Cognito", "MSK", "MQ",
            "SelfManagedKafka", "DocumentDB");

    /** Required properties per SAM event type (our rules: HttpApi routes are always explicit). */
    static final Map<String, List<String>> SAM_EVENT_REQUIRED = Map.of(
            "HttpApi", List.of("Method", "Path"),
            "Api", List.of("Method", "Path"),
            "SQS", List.of("Queue"),
            "SNS", List.of("Topic"),
            "Schedule", List.of("Schedule"),
            "ScheduleV2", List.of("ScheduleExpression"),
            "EventBridgeRule", List.of("Pattern"),
            "DynamoDB", List.of("Stream", "StartingPosition"),
            "Kinesis", List.of("Stream", "StartingPosition"));

    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^!}][^}]*)}");
    private static final Pattern CODE_URI = Pattern.compile("functions/([a-z0-9-]+)/target/([a-z0-9-]+)\\.zip");

    private TemplateChecks() {}

    // ------------------------------------------------------------------ handlers

    /** Every function's Handler {@code class::method} is on the class path and implements a Lambda handler interface. */
    static List<String> handlers(TemplateModel t, ClassLoader loader) {
        List<String> problems = new ArrayList<>();
        for (String id : t.idsOfType(SERVERLESS_FUNCTION)) {
            Object handler = t.functionProperties(id).get("Handler");
            if (!(handler instanceof String h) || !h.contains("::")) {
                problems.add(id + ": Handler must be 'fully.qualified.Class::method', got " + handler);
                continue;
            }
            String className = h.substring(0, h.indexOf("::"));
            String methodName = h.substring(h.indexOf("::") + 2);
            Class<?> type;
            try {
                type = Class.forName(className, false, loader);
            } catch (ClassNotFoundException e) {
                problems.add(id + ": Handler class " + className + " is not on the class path (is its module a tests dependency?)");
                continue;
            }
            try {
                problems.addAll(handlerShape(id, type, className, methodName, loader));
            } catch (LinkageError e) {
                problems.add(id + ": Handler class " + className + " cannot be linked (a class it uses is missing): " + e);
            }
        }
        return problems;
    }

    private static List<String> handlerShape(String id, Class<?> type, String className, String methodName, ClassLoader loader) {
        List<String> problems = new ArrayList<>();
        Class<?> requestHandler = load("com.amazonaws.services.lambda.runtime.RequestHandler", loader);
        Class<?> streamHandler = load("com.amazonaws.services.lambda.runtime.RequestStreamHandler", loader);
        boolean implementsHandler = (requestHandler != null && requestHandler.isAssignableFrom(type))
                || (streamHandler != null && streamHandler.isAssignableFrom(type));
        if (!implementsHandler) {
            problems.add(id + ": Handler class " + className + " does not implement com.amazonaws.services.lambda.runtime.RequestHandler");
        }
        if (Modifier.isAbstract(type.getModifiers()) || !Modifier.isPublic(type.getModifiers())) {
            problems.add(id + ": Handler class " + className + " must be public and concrete");
        }
        boolean hasMethod = false;
        for (Method m : type.getMethods()) {
            if (m.getName().equals(methodName) && !Modifier.isStatic(m.getModifiers())) hasMethod = true;
        }
        if (!hasMethod) problems.add(id + ": Handler method " + methodName + " not found on " + className);
        try {
            type.getConstructor();
        } catch (NoSuchMethodException e) {
            problems.add(id + ": Handler class " + className + " needs a public no-argument constructor (Lambda creates it)");
        }
        return problems;
    }

    private static Class<?> load(String name, ClassLoader loader) {
        try {
            return Class.forName(name, false, loader);
        } catch (ClassNotFoundException e) {
            return null;
        }
    }

    // ------------------------------------------------------------------ environment

    /**
     * Every variable in {@code needed} is set (Globals + function) to a non-empty value for function {@code id};
     * and every variable the template sets is one the code knows ({@code known}), which catches typos.
     */
    static List<String> environment(TemplateModel t, String id, Collection<String> needed, Collection<String> known) {
        List<String> problems = new ArrayList<>();
        Map<String, Object> env = t.environment(id);
        for (String name : new TreeSet<>(needed)) {
            Object v = env.get(name);
            if (v == null) {
                problems.add(id + ": environment variable " + name + " is read by the code but not set (Globals or function)");
            } else if (v instanceof String s && s.isBlank()) {
                problems.add(id + ": environment variable " + name + " is set to an empty value");
            }
        }
        for (String name : env.keySet()) {
            if (!known.contains(name)) {
                problems.add(id + ": environment variable " + name + " is set but no code reads it (typo?)");
            }
        }
        return problems;
    }

    // ------------------------------------------------------------------ references

    /**
     * Every {@code Ref}, {@code GetAtt} and {@code Sub} variable names a parameter, resource, pseudo parameter or a
     * resource SAM generates; GetAtt attributes exist on the target's type (from the resource schemas when given);
     * every {@code Fn::If}/{@code Condition} names a declared condition; every {@code DependsOn} a resource.
     */
    static List<String> references(TemplateModel t, CfnSchemas schemas) {
        List<String> problems = new ArrayList<>();
        Map<String, String> targets = referenceTargets(t);
        Set<String> conditions = t.section("Conditions").keySet();
        Set<String> parameters = t.parameters().keySet();

        for (String section : List.of("Globals", "Resources", "Outputs", "Conditions", "Rules")) {
            TemplateModel.forEachIntrinsic(t.section(section), section, (path, in) -> {
                switch (in.name()) {
                    case "Ref" -> {
                        String target = String.valueOf(in.argument());
                        boolean ok = section.equals("Rules") ? parameters.contains(target) : isRefTarget(target, t, targets);
                        if (!ok) problems.add(path + ": !Ref " + target + " names no parameter, resource or pseudo parameter");
                    }
                    case "Fn::GetAtt" -> {
                        if (in.argument() instanceof List<?> l && l.size() == 2 && l.get(0) instanceof String res
                                && l.get(1) instanceof String attr) {
                            checkGetAtt(path, "!GetAtt " + res + "." + attr, res, attr, targets, schemas, problems);
                        }
                    }
                    case "Fn::Sub" -> checkSub(path, in.argument(), t, targets, schemas, problems);
                    case "Fn::If" -> {
                        if (in.argument() instanceof List<?> l && !l.isEmpty() && !conditions.contains(String.valueOf(l.get(0)))) {
                            problems.add(path + ": !If names condition " + l.get(0) + ", which is not declared in Conditions");
                        }
                    }
                    case "Condition" -> {
                        if (!conditions.contains(String.valueOf(in.argument()))) {
                            problems.add(path + ": Condition " + in.argument() + " is not declared in Conditions");
                        }
                    }
                    default -> { }
                }
            });
        }
        t.resources().forEach((id, r) -> {
            Map<String, Object> res = map(r);
            Object cond = res.get("Condition");
            if (cond instanceof String c && !conditions.contains(c)) {
                problems.add("Resources." + id + ".Condition: " + c + " is not declared in Conditions");
            }
            Object dependsOn = res.get("DependsOn");
            List<?> deps = dependsOn instanceof List<?> l ? l : dependsOn == null ? List.of() : List.of(dependsOn);
            for (Object d : deps) {
                if (!t.resources().containsKey(String.valueOf(d))) {
                    problems.add("Resources." + id + ".DependsOn: " + d + " is not a resource");
                }
            }
        });
        return problems;
    }

    private static boolean isRefTarget(String target, TemplateModel t, Map<String, String> targets) {
        return t.parameters().containsKey(target) || targets.containsKey(target)
                || TemplateModel.PSEUDO_PARAMETERS.contains(target);
    }

    /** Logical id → CloudFormation type, for declared resources and the ones SAM generates from them. */
    static Map<String, String> referenceTargets(TemplateModel t) {
        Map<String, String> targets = new LinkedHashMap<>();
        t.resources().forEach((id, r) -> {
            String type = String.valueOf(map(r).get("Type"));
            targets.put(id, SAM_TO_CFN.getOrDefault(type, type));
            if (type.equals(SERVERLESS_FUNCTION) && !t.properties(id).containsKey("Role")) {
                targets.put(id + "Role", "AWS::IAM::Role");
            }
            if (type.equals(SERVERLESS_HTTP_API) && !t.properties(id).containsKey("StageName")) {
                targets.put(id + "ApiGatewayDefaultStage", "AWS::ApiGatewayV2::Stage");
            }
        });
        return targets;
    }

    private static void checkGetAtt(String path, String what, String resource, String attribute, Map<String, String> targets,
                                    CfnSchemas schemas, List<String> problems) {
        String type = targets.get(resource);
        if (type == null) {
            problems.add(path + ": " + what + " names no resource");
            return;
        }
        if (schemas == null) return;
        Optional<Set<String>> attrs = schemas.attributes(type);
        if (attrs.isPresent() && !attrs.get().contains(attribute)) {
            problems.add(path + ": " + what + ": " + type + " has no attribute " + attribute + " (it has " + attrs.get() + ")");
        }
    }

    private static void checkSub(String path, Object argument, TemplateModel t, Map<String, String> targets,
                                 CfnSchemas schemas, List<String> problems) {
        String text;
        Set<String> locals = Set.of();
        if (argument instanceof String s) {
            text = s;
        } else if (argument instanceof List<?> l && !l.isEmpty() && l.get(0) instanceof String s) {
            text = s;
            locals = l.size() > 1 ? map(l.get(1)).keySet() : Set.of();
        } else {
            return; // a computed Sub string: nothing to check statically
        }
        Matcher m = SUB_VARIABLE.matcher(text);
        while (m.find()) {
            String name = m.group(1).trim();
            if (locals.contains(name) || isRefTarget(name, t, targets)) continue;
            int dot = name.indexOf('.');
            if (dot > 0 && !name.startsWith("AWS::")) {
                checkGetAtt(path, "!Sub ${" + name + "}", name.substring(0, dot), name.substring(dot + 1), targets, schemas, problems);
            } else {
                problems.add(path + ": !Sub ${" + name + "} names no parameter, resource, pseudo parameter or Sub variable");
            }
        }
    }

    // ------------------------------------------------------------------ CodeUri

    /** Every function's CodeUri is {@code functions/<module>/target/<module>.zip} of an existing function module. */
    static List<String> codeUris(TemplateModel t, Path projectRoot) {
        List<String> problems = new ArrayList<>();
        for (String id : t.idsOfType(SERVERLESS_FUNCTION)) {
            Object uri = t.functionProperties(id).get("CodeUri");
            Matcher m = uri instanceof String s ? CODE_URI.matcher(s) : null;
            if (m == null || !m.matches()) {
                problems.add(id + ": CodeUri must be functions/<module>/target/<module>.zip (the zip Maven builds), got " + uri);
                continue;
            }
            if (!m.group(1).equals(m.group(2))) {
                problems.add(id + ": CodeUri zip " + m.group(2) + ".zip is not named after its module " + m.group(1));
                continue;
            }
            Path pom = projectRoot.resolve("functions").resolve(m.group(1)).resolve("pom.xml");
            if (!Files.isRegularFile(pom)) {
                problems.add(id + ": CodeUri names module functions/" + m.group(1) + ", which has no pom.xml");
                continue;
            }
            try {
                String xml = Files.readString(pom);
                if (!xml.contains("<artifactId>" + m.group(1) + "</artifactId>")) {
                    problems.add(id + ": functions/" + m.group(1) + "/pom.xml does not declare artifactId " + m.group(1)
                            + " (the zip is named after the artifactId)");
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return problems;
    }

    // ------------------------------------------------------------------ CloudFormation schemas

    /**
     * Every {@code AWS::*} resource's Properties validate against its CloudFormation resource schema; the
     * pass-through properties of each {@code AWS::Serverless::Function} (Globals applied) validate against
     * {@code AWS::Lambda::Function}'s.
     */
    static List<String> resourceSchemas(TemplateModel t, CfnSchemas schemas) {
        List<String> problems = new ArrayList<>();
        t.resources().forEach((id, r) -> {
            String type = String.valueOf(map(r).get("Type"));
            if (type.startsWith("AWS::Serverless::")) {
                if (type.equals(SERVERLESS_FUNCTION)) {
                    problems.addAll(schemas.validate(id, "AWS::Lambda::Function", t.functionProperties(id),
                            t.parameters(), FUNCTION_PASS_THROUGH));
                }
            } else if (type.startsWith("AWS::")) {
                problems.addAll(schemas.validate(id, type, t.properties(id), t.parameters(), null));
            }
        });
        return problems;
    }

    // ------------------------------------------------------------------ SAM rules

    /** Our rules for {@code AWS::Serverless::*} resources, which no schema covers here. */
    static List<String> samRules(TemplateModel t) {
        List<String> problems = new ArrayList<>();
        Map<String, String> routes = new HashMap<>();
        for (String id : t.idsOfType(SERVERLESS_FUNCTION)) {
            Map<String, Object> p = t.functionProperties(id);
            boolean image = "Image".equals(p.get("PackageType"));
            for (String required : image ? List.of("ImageUri") : List.of("Runtime", "Handler", "CodeUri")) {
                if (!p.containsKey(required) && !(required.equals("CodeUri") && p.containsKey("InlineCode"))) {
                    problems.add(id + ": required property " + required + " is missing (function or Globals.Function)");
                }
            }
            Object logGroup = map(p.get("LoggingConfig")).get("LogGroup");
            checkLogGroup(t, id + ".LoggingConfig.LogGroup", logGroup, "Ref", problems);
            map(p.get("Events")).forEach((eventId, e) -> samEvent(t, id, eventId, map(e), routes, problems));
            samPolicies(t, id, p.get("Policies"), problems);
        }
        for (String id : t.idsOfType(SERVERLESS_HTTP_API)) {
            Map<String, Object> auth = map(t.withGlobals(id, "HttpApi").get("Auth"));
            Map<String, Object> authorizers = map(auth.get("Authorizers"));
            Object dflt = auth.get("DefaultAuthorizer");
            if (dflt == null) {
                problems.add(id + ": Auth.DefaultAuthorizer is missing: every route would be public");
            } else if (!authorizers.containsKey(String.valueOf(dflt))) {
                problems.add(id + ": Auth.DefaultAuthorizer " + dflt + " is not declared in Auth.Authorizers");
            }
            Object destination = map(t.withGlobals(id, "HttpApi").get("AccessLogSettings")).get("DestinationArn");
            checkLogGroup(t, id + ".AccessLogSettings.DestinationArn", destination, "Fn::GetAtt", problems);
            Object cors = t.withGlobals(id, "HttpApi").get("CorsConfiguration");
            if (cors instanceof Map<?, ?> c) {
                for (Object key : c.keySet()) {
                    if (!Set.of("AllowOrigins", "AllowHeaders", "AllowMethods", "ExposeHeaders", "MaxAge", "AllowCredentials").contains(key)) {
                        problems.add(id + ": CorsConfiguration." + key + " is not a SAM CORS property");
                    }
                }
                if (c.get("AllowOrigins") instanceof Intrinsic) {
                    problems.add(id + ": CorsConfiguration.AllowOrigins is an intrinsic: SAM takes an intrinsic AllowOrigins as the"
                            + " whole CORS configuration; make the whole CorsConfiguration the intrinsic (e.g. !If [Cond, {...}, !Ref AWS::NoValue])");
                }
            }
            authorizers.forEach((name, a) -> {
                Map<String, Object> authorizer = map(a);
                if (authorizer.containsKey("JwtConfiguration")) {
                    Map<String, Object> jwt = map(authorizer.get("JwtConfiguration"));
                    for (String key : List.of("issuer", "audience")) {
                        if (!jwt.containsKey(key)) problems.add(id + ": JWT authorizer " + name + " has no JwtConfiguration." + key);
                    }
                    if (!authorizer.containsKey("IdentitySource")) {
                        problems.add(id + ": JWT authorizer " + name + " has no IdentitySource");
                    }
                }
            });
        }
        return problems;
    }

    /**
     * Logs go to a log group of this template with a retention (else Lambda / API Gateway create one that keeps
     * everything forever, outside the stack): {@code !Ref Group} for a function, {@code !GetAtt Group.Arn} for access logs.
     */
    private static void checkLogGroup(TemplateModel t, String where, Object value, String intrinsic, List<String> problems) {
        if (value == null) {
            problems.add(where + " is missing: declare an AWS::Logs::LogGroup with RetentionInDays and point to it");
            return;
        }
        String group = null;
        if (value instanceof Intrinsic in && in.name().equals(intrinsic)) {
            group = in.argument() instanceof List<?> l && !l.isEmpty() ? String.valueOf(l.get(0)) : String.valueOf(in.argument());
        }
        if (group == null || !"AWS::Logs::LogGroup".equals(t.type(group))) {
            problems.add(where + " must be " + (intrinsic.equals("Ref") ? "!Ref" : "!GetAtt <group>.Arn of")
                    + " an AWS::Logs::LogGroup of this template, got " + value);
        } else if (!t.properties(group).containsKey("RetentionInDays")) {
            problems.add(where + ": log group " + group + " has no RetentionInDays (logs would be kept forever)");
        }
    }

    private static void samEvent(TemplateModel t, String fn, String eventId, Map<String, Object> event,
                                 Map<String, String> routes, List<String> problems) {
        String where = fn + ".Events." + eventId;
        Object type = event.get("Type");
        if (!SAM_EVENT_TYPES.contains(String.valueOf(type))) {
            problems.add(where + ": unknown event Type " + type + " (known: " + new TreeSet<>(SAM_EVENT_TYPES) + ")");
            return;
        }
        Map<String, Object> p = map(event.get("Properties"));
        for (String required : SAM_EVENT_REQUIRED.getOrDefault(String.valueOf(type), List.of())) {
            if (!p.containsKey(required)) problems.add(where + ": " + type + " event needs Properties." + required);
        }
        if ("HttpApi".equals(type)) {
            Object apiId = p.get("ApiId");
            String api = "ServerlessHttpApi";
            if (apiId instanceof Intrinsic in && "Ref".equals(in.name())) {
                api = String.valueOf(in.argument());
                if (!SERVERLESS_HTTP_API.equals(t.type(api))) {
                    problems.add(where + ": ApiId !Ref " + api + " is not an " + SERVERLESS_HTTP_API);
                }
            } else if (apiId != null) {
                problems.add(where + ": ApiId must be !Ref of an " + SERVERLESS_HTTP_API + " in this template");
            }
            Object path = p.get("Path");
            if (path instanceof String s && !s.startsWith("/")) problems.add(where + ": Path must start with /, got " + s);
            Object method = p.get("Method");
            if (method instanceof String s && !s.matches("(?i)GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS|ANY")) {
                problems.add(where + ": unknown HTTP Method " + s);
            }
            if (path != null && method != null) {
                String route = api + " " + String.valueOf(method).toUpperCase() + " " + path;
                String previous = routes.putIfAbsent(route, where);
                if (previous != null) problems.add(where + ": route " + route + " is already served by " + previous);
            }
        }
    }

    /** Policy statements: Effect and Action present, Resource never "*", every referenced resource exists (least privilege). */
    private static void samPolicies(TemplateModel t, String fn, Object policies, List<String> problems) {
        if (policies == null) return;
        List<?> list = policies instanceof List<?> l ? l : List.of(policies);
        Map<String, String> targets = referenceTargets(t);
        for (int i = 0; i < list.size(); i++) {
            String where = fn + ".Policies[" + i + "]";
            Object policy = list.get(i);
            if (policy instanceof String) continue; // a managed policy name or ARN
            Map<String, Object> doc = map(policy);
            if (doc.containsKey("Statement")) {
                Object st = doc.get("Statement");
                List<?> statements = st instanceof List<?> l ? l : List.of(st);
                for (int j = 0; j < statements.size(); j++) {
                    Map<String, Object> s = map(statements.get(j));
                    String sw = where + ".Statement[" + j + "]";
                    if (!"Allow".equals(s.get("Effect")) && !"Deny".equals(s.get("Effect"))) {
                        problems.add(sw + ": Effect must be Allow or Deny, got " + s.get("Effect"));
                    }
                    if (!s.containsKey("Action")) problems.add(sw + ": Action is missing");
                    Object resource = s.get("Resource");
                    List<?> resources = resource instanceof List<?> l ? l : resource == null ? List.of() : List.of(resource);
                    if (resources.isEmpty()) problems.add(sw + ": Resource is missing");
                    for (Object r : resources) {
                        if ("*".equals(r)) problems.add(sw + ": Resource \"*\" is not least privilege: name the resources");
                    }
                }
            }
            // policy templates ({SQSSendMessagePolicy: {QueueName: !GetAtt Q.QueueName}}) and statements:
            // every Ref/GetAtt in them must name a resource of this template or a parameter
            TemplateModel.forEachIntrinsic(policy, where, (path, in) -> {
                if ("Ref".equals(in.name()) && !isRefTarget(String.valueOf(in.argument()), t, targets)) {
                    problems.add(path + ": policy references " + in.argument() + ", which is not in this template");
                }
                if ("Fn::GetAtt".equals(in.name()) && in.argument() instanceof List<?> l && !l.isEmpty()
                        && !targets.containsKey(String.valueOf(l.get(0)))) {
                    problems.add(path + ": policy references " + l.get(0) + ", which is not in this template");
                }
            });
        }
    }

    static Set<String> union(Collection<String> a, Collection<String> b) {
        Set<String> u = new LinkedHashSet<>(a);
        u.addAll(b);
        return u;
    }
}
