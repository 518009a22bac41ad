package ch.srsconnect.tests.iam;

import static ch.srsconnect.tests.iam.Cfn.list;
import static ch.srsconnect.tests.iam.Cfn.map;

import ch.srsconnect.local.template.CfnResolver;
import ch.srsconnect.local.template.Intrinsic;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The functions' IAM policies as a SAM-translated template grants them, evaluated the way IAM evaluates an identity
 * policy: a call is allowed when an Allow statement matches its action and resource (wildcards {@code *} and
 * {@code ?}; actions case-insensitive, resources case-sensitive) and no Deny statement does. Statements with
 * {@code NotAction}, {@code NotResource} or {@code Condition} are refused rather than guessed at.
 *
 * <p>Resources are resolved in a world of their own, where every resource's physical name is its logical id
 * ({@code arn:aws:dynamodb:eu-central-2:123456789012:table/IdentificationTable}); recorded calls are mapped into it
 * through what each physical resource stands for ({@link AwsCallLog#standsFor}). AWS managed policies (logs, X-Ray,
 * the SQS event source's) are listed, not evaluated: the functions' own code must be granted by inline statements.
 */
public final class IamPolicy {

    static final String REGION = "eu-central-2";
    static final String ACCOUNT = "123456789012";

    public record Statement(String function, String sid, boolean allow, List<String> actions, List<String> resources) {
        boolean matches(String action, String resource) {
            return actions.stream().anyMatch(a -> wildcard(a, true).matcher(action).matches())
                    && resources.stream().anyMatch(r -> wildcard(r, false).matcher(resource).matches());
        }
    }

    /** One call's verdict: the Allow statement that grants it, or empty (denied, with the reason). */
    public record Verdict(String function, String action, String resource, Optional<Statement> allowedBy, String reason) {
        public boolean allowed() {
            return allowedBy.isPresent();
        }
    }

    /** A granted (function, action, resource) pair that no recorded call used. */
    public record Grant(String function, String sid, String action, String resource) {}

    private final Map<String, List<Statement>> statements = new LinkedHashMap<>();
    private final Map<String, List<String>> managedPolicies = new LinkedHashMap<>();
    private final Map<String, String> functionOfHandler = new LinkedHashMap<>();
    private final Map<String, String> arnOf = new LinkedHashMap<>();

    private IamPolicy() {}

    /** The policies of every AWS::Lambda::Function of a translated (plain CloudFormation) template. */
    public static IamPolicy of(Map<String, Object> translated) {
        IamPolicy p = new IamPolicy();
        CfnResolver resolver = new CfnResolver(translated, parameters(translated), new CfnResolver.Pseudo(REGION, ACCOUNT, "srs-connect"));
        Map<String, Object> resources = Cfn.section(translated, "Resources");
        resources.forEach((id, r) -> p.register(resolver, id, String.valueOf(map(r).get("Type"))));
        resources.forEach((id, r) -> {
            Map<String, Object> res = map(r);
            if (!"AWS::Lambda::Function".equals(res.get("Type"))) return;
            Map<String, Object> props = map(res.get("Properties"));
            p.functionOfHandler.put(String.valueOf(props.get("Handler")).split("::")[0], id);
            if (!(props.get("Role") instanceof Intrinsic role) || !(role.argument() instanceof List<?> getAtt)) {
                throw new IllegalStateException(id + ": Role is not !GetAtt <Role>.Arn: " + props.get("Role"));
            }
            Map<String, Object> roleProps = map(map(resources.get(String.valueOf(getAtt.getFirst()))).get("Properties"));
            p.managedPolicies.put(id, strings(resolver.resolve(roleProps.getOrDefault("ManagedPolicyArns", List.of()))));
            List<Statement> list = new ArrayList<>();
            for (Object policy : activePolicies(roleProps.get("Policies"), resolver::condition)) {
                for (Object s : list(map(map(policy).get("PolicyDocument")).get("Statement"))) {
                    list.add(statement(id, map(s), resolver));
                }
            }
            p.statements.put(id, list);
        });
        return p;
    }

    /** A role's (or function's) policies, a conditional one ({@code !If [Cond, policy, !Ref AWS::NoValue]}) as its condition says. */
    public static List<Object> activePolicies(Object policies, Predicate<String> condition) {
        List<Object> out = new ArrayList<>();
        for (Object p : list(policies)) {
            if (p instanceof Intrinsic i && i.name().equals("Fn::If") && i.argument() instanceof List<?> a && a.size() == 3) {
                Object chosen = condition.test(String.valueOf(a.get(0))) ? a.get(1) : a.get(2);
                if (!(chosen instanceof Intrinsic r && r.name().equals("Ref") && "AWS::NoValue".equals(r.argument()))) out.add(chosen);
            } else {
                out.add(p);
            }
        }
        return out;
    }

    private static Map<String, String> parameters(Map<String, Object> translated) {
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, Object> declared = Cfn.section(translated, "Parameters");
        for (String kv : Referees.PARAMETERS) {
            String[] p = kv.split("=", 2);
            if (declared.containsKey(p[0])) values.put(p[0], p[1]);
        }
        return values;
    }

    private void register(CfnResolver resolver, String id, String type) {
        String arn;
        CfnResolver.Physical physical;
        switch (type) {
            case "AWS::DynamoDB::Table" -> {
                arn = "arn:aws:dynamodb:" + REGION + ":" + ACCOUNT + ":table/" + id;
                physical = new CfnResolver.Physical(id, Map.of("Arn", arn));
            }
            case "AWS::SecretsManager::Secret" -> {
                arn = "arn:aws:secretsmanager:" + REGION + ":" + ACCOUNT + ":secret:" + id + "-AbCdEf";
                physical = new CfnResolver.Physical(arn, Map.of("Id", arn));
            }
            case "AWS::SQS::Queue" -> {
                arn = "arn:aws:sqs:" + REGION + ":" + ACCOUNT + ":" + id;
                String url = "https://sqs." + REGION + ".amazonaws.com/" + ACCOUNT + "/" + id;
                physical = new CfnResolver.Physical(url, Map.of("Arn", arn, "QueueName", id, "QueueUrl", url));
            }
            case "AWS::Events::EventBus" -> {
                arn = "arn:aws:events:" + REGION + ":" + ACCOUNT + ":event-bus/" + id;
                physical = new CfnResolver.Physical(id, Map.of("Arn", arn, "Name", id));
            }
            default -> {
                arn = null;
                physical = new CfnResolver.Physical(id, Map.of("Arn", "arn:aws:other:" + REGION + ":" + ACCOUNT + ":" + id));
            }
        }
        resolver.register(id, physical);
        if (arn != null) arnOf.put(id, arn);
    }

    private static Statement statement(String function, Map<String, Object> s, CfnResolver resolver) {
        for (String unsupported : List.of("NotAction", "NotResource", "Condition", "NotPrincipal")) {
            if (s.containsKey(unsupported)) {
                throw new IllegalStateException(function + " statement " + s.get("Sid") + ": " + unsupported + " is not evaluated by this check");
            }
        }
        return new Statement(function, String.valueOf(s.getOrDefault("Sid", "(no Sid)")), "Allow".equals(s.get("Effect")),
                strings(s.get("Action")), strings(resolver.resolve(s.get("Resource"))));
    }

    /** The function whose handler class this is (from each function's Handler). */
    public Optional<String> functionOf(String handlerClass) {
        return Optional.ofNullable(functionOfHandler.get(handlerClass));
    }

    public Map<String, List<Statement>> statements() {
        return statements;
    }

    public Map<String, List<String>> managedPolicies() {
        return managedPolicies;
    }

    /** A recorded ARN in this policy's world: the physical resource replaced by the logical id it stands for. */
    public String canonical(String recorded, Map<String, String> standsFor) {
        for (var e : standsFor.entrySet()) {
            String physical = e.getKey();
            if ((recorded.equals(physical) || recorded.startsWith(physical + "/")) && arnOf.containsKey(e.getValue())) {
                return arnOf.get(e.getValue()) + recorded.substring(physical.length());
            }
        }
        return recorded;
    }

    /** {@code IdentificationTable/index/byOwner} for a canonical ARN, else the ARN as it is. */
    public String shortName(String canonicalArn) {
        for (var e : arnOf.entrySet()) {
            String arn = e.getValue();
            if (canonicalArn.equals(arn) || canonicalArn.startsWith(arn + "/")) return e.getKey() + canonicalArn.substring(arn.length());
        }
        return canonicalArn;
    }

    public Verdict evaluate(String function, String action, String resource) {
        List<Statement> list = statements.getOrDefault(function, List.of());
        for (Statement s : list) {
            if (!s.allow() && s.matches(action, resource)) {
                return new Verdict(function, action, resource, Optional.empty(), "denied by statement " + s.sid());
            }
        }
        for (Statement s : list) {
            if (s.allow() && s.matches(action, resource)) return new Verdict(function, action, resource, Optional.of(s), "");
        }
        String reason = statements.containsKey(function) ? "no statement of " + function + " allows it"
                : function + " is not a function of the template";
        return new Verdict(function, action, resource, Optional.empty(), reason);
    }

    /** Granted (action, resource) pairs of Allow statements that none of the allowed calls matched. */
    public List<Grant> unused(List<Verdict> allowed) {
        List<Grant> out = new ArrayList<>();
        statements.forEach((function, list) -> {
            for (Statement s : list) {
                if (!s.allow()) continue;
                for (String action : s.actions()) {
                    for (String resource : s.resources()) {
                        Statement one = new Statement(function, s.sid(), true, List.of(action), List.of(resource));
                        boolean used = allowed.stream().anyMatch(v -> v.function().equals(function) && one.matches(v.action(), v.resource()));
                        if (!used) out.add(new Grant(function, s.sid(), action, shortName(resource)));
                    }
                }
            }
        });
        return out;
    }

    static Pattern wildcard(String pattern, boolean caseInsensitive) {
        StringBuilder regex = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return caseInsensitive ? Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE) : Pattern.compile(regex.toString());
    }

    private static List<String> strings(Object value) {
        List<String> out = new ArrayList<>();
        for (Object o : list(value)) {
            if (o instanceof List<?> nested) out.addAll(strings(nested));
            else if (o != CfnResolver.NO_VALUE) out.add(String.valueOf(o));
        }
        return out;
    }
}
