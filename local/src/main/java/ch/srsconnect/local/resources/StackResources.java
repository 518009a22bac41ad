package ch.srsconnect.local.resources;

import ch.srsconnect.local.aws.EmbeddedAws;
import ch.srsconnect.local.template.CfnResolver;
import ch.srsconnect.local.template.TemplateException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.LocalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughput;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.StreamSpecification;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.ResourceExistsException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Creates the resources template.yaml declares in the embedded AWS stand-ins and registers their physical ids and
 * attributes with the resolver: DynamoDB tables, SQS queues, Secrets Manager secrets, EventBridge buses, rules (with
 * their targets), connections and API destinations. A {@code {{resolve:secretsmanager:...}}} dynamic reference is
 * read from the Secrets Manager stand-in, as CloudFormation reads it.
 * Everything else is reported as not emulated (the caller prints it once), never silently skipped.
 */
public final class StackResources implements AutoCloseable {

    public static final Set<String> CREATED_TYPES = Set.of(
            "AWS::DynamoDB::Table", "AWS::SQS::Queue", "AWS::SecretsManager::Secret", "AWS::Events::EventBus",
            "AWS::Events::Connection", "AWS::Events::ApiDestination", "AWS::Events::Rule", "AWS::IAM::Role");
    /** Types the local runtime itself provides (functions, their API). */
    public static final Set<String> RUNTIME_TYPES = Set.of("AWS::Serverless::Function", "AWS::Serverless::HttpApi");

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What was done: one line per created resource, and the resources not emulated ("Id (Type)"). */
    public record Report(List<String> created, List<String> notEmulated) {}

    private final EmbeddedAws aws;
    private final String stackName;
    private final DynamoDbClient dynamo;
    private final SqsClient sqs;
    private final SecretsManagerClient secrets;
    /** The EventBridge stand-in's wire protocol, without the SDK (the local runtime has only the services it creates). */
    private final HttpClient http = HttpClient.newHttpClient();

    public StackResources(EmbeddedAws aws, String stackName) {
        this.aws = aws;
        this.stackName = stackName;
        var creds = StaticCredentialsProvider.create(AwsBasicCredentials.create(EmbeddedAws.ACCESS_KEY_ID, EmbeddedAws.SECRET_ACCESS_KEY));
        Region region = Region.of(aws.region());
        this.dynamo = DynamoDbClient.builder().httpClient(UrlConnectionHttpClient.create()).region(region)
                .credentialsProvider(creds).endpointOverride(aws.dynamoDbEndpoint()).build();
        this.sqs = SqsClient.builder().httpClient(UrlConnectionHttpClient.create()).region(region)
                .credentialsProvider(creds).endpointOverride(aws.sqsEndpoint()).build();
        this.secrets = SecretsManagerClient.builder().httpClient(UrlConnectionHttpClient.create()).region(region)
                .credentialsProvider(creds).endpointOverride(aws.secretsManagerEndpoint()).build();
    }

    /**
     * Creates every supported resource (in dependency order: a queue's RedrivePolicy may name another queue).
     *
     * @param secretValues SecretString per logical id, overriding the template (e.g. the SRS credentials)
     */
    public Report create(Map<String, Object> template, CfnResolver resolver, Map<String, String> secretValues) {
        Map<String, Object> resources = section(template, "Resources");
        List<String> created = new ArrayList<>();
        List<String> notEmulated = new ArrayList<>();
        Map<String, Map<String, Object>> todo = new LinkedHashMap<>();
        resources.forEach((id, r) -> {
            Map<String, Object> resource = map(r);
            String type = String.valueOf(resource.get("Type"));
            if (!resolver.included(resource)) return;
            if (CREATED_TYPES.contains(type)) todo.put(id, resource);
            else if (!RUNTIME_TYPES.contains(type)) notEmulated.add(id + " (" + type + ")");
        });
        for (String id : secretValues.keySet()) {
            if (!todo.containsKey(id) || !"AWS::SecretsManager::Secret".equals(todo.get(id).get("Type"))) {
                throw new TemplateException("--secret " + id + ": the template declares no AWS::SecretsManager::Secret " + id);
            }
        }
        while (!todo.isEmpty()) {
            TemplateException last = null;
            boolean progress = false;
            for (var it = todo.entrySet().iterator(); it.hasNext(); ) {
                var e = it.next();
                try {
                    created.add(createOne(e.getKey(), e.getValue(), resolver, secretValues.get(e.getKey())));
                    it.remove();
                    progress = true;
                } catch (TemplateException ex) {
                    last = ex; // maybe refers to one created later in this pass
                }
            }
            if (!progress) throw last;
        }
        return new Report(created, notEmulated);
    }

    private String createOne(String id, Map<String, Object> resource, CfnResolver resolver, String secretOverride) {
        String type = String.valueOf(resource.get("Type"));
        Map<String, Object> props = resource.containsKey("Properties")
                ? map(resolver.resolve(resource.get("Properties"))) : Map.of();
        return switch (type) {
            case "AWS::DynamoDB::Table" -> table(id, props, resolver);
            case "AWS::SQS::Queue" -> queue(id, props, resolver);
            case "AWS::SecretsManager::Secret" -> secret(id, props, resolver, secretOverride);
            case "AWS::Events::EventBus" -> bus(id, props, resolver);
            case "AWS::Events::Connection" -> connection(id, props, resolver);
            case "AWS::Events::ApiDestination" -> apiDestination(id, props, resolver);
            case "AWS::Events::Rule" -> rule(id, props, resolver);
            case "AWS::IAM::Role" -> role(id, props, resolver);
            default -> throw new IllegalStateException(type);
        };
    }

    private String physicalName(String id, Map<String, Object> props, String nameProperty) {
        Object name = props.get(nameProperty);
        return name != null ? String.valueOf(name) : stackName + "-" + id;
    }

    // ---------------------------------------------------------------- DynamoDB

    private String table(String id, Map<String, Object> p, CfnResolver resolver) {
        String name = physicalName(id, p, "TableName");
        BillingMode billing = p.get("BillingMode") == null ? BillingMode.PROVISIONED : BillingMode.fromValue(str(p.get("BillingMode")));
        CreateTableRequest.Builder req = CreateTableRequest.builder().tableName(name).billingMode(billing)
                .attributeDefinitions(list(p.get("AttributeDefinitions")).stream().map(a -> AttributeDefinition.builder()
                        .attributeName(str(map(a).get("AttributeName"))).attributeType(str(map(a).get("AttributeType"))).build()).toList())
                .keySchema(keySchema(p.get("KeySchema")));
        if (billing == BillingMode.PROVISIONED) req.provisionedThroughput(throughput(p.get("ProvisionedThroughput"), id));
        if (p.get("GlobalSecondaryIndexes") != null) {
            req.globalSecondaryIndexes(list(p.get("GlobalSecondaryIndexes")).stream().map(o -> {
                Map<String, Object> g = map(o);
                GlobalSecondaryIndex.Builder b = GlobalSecondaryIndex.builder().indexName(str(g.get("IndexName")))
                        .keySchema(keySchema(g.get("KeySchema"))).projection(projection(g.get("Projection")));
                if (billing == BillingMode.PROVISIONED) b.provisionedThroughput(throughput(g.get("ProvisionedThroughput"), id));
                return b.build();
            }).toList());
        }
        if (p.get("LocalSecondaryIndexes") != null) {
            req.localSecondaryIndexes(list(p.get("LocalSecondaryIndexes")).stream().map(o -> LocalSecondaryIndex.builder()
                    .indexName(str(map(o).get("IndexName"))).keySchema(keySchema(map(o).get("KeySchema")))
                    .projection(projection(map(o).get("Projection"))).build()).toList());
        }
        if (p.get("StreamSpecification") instanceof Map<?, ?> s) {
            req.streamSpecification(StreamSpecification.builder().streamEnabled(true)
                    .streamViewType(str(s.get("StreamViewType"))).build());
        }
        TableDescription table;
        String note = "";
        try {
            table = dynamo.createTable(req.build()).tableDescription();
        } catch (ResourceInUseException e) {
            table = dynamo.describeTable(b -> b.tableName(name)).table();
            note = " (existed)";
        }
        if (p.get("TimeToLiveSpecification") instanceof Map<?, ?> ttl && Boolean.parseBoolean(str(ttl.get("Enabled")))) {
            try {
                dynamo.updateTimeToLive(b -> b.tableName(name).timeToLiveSpecification(t -> t.enabled(true)
                        .attributeName(str(ttl.get("AttributeName")))));
            } catch (software.amazon.awssdk.services.dynamodb.model.DynamoDbException e) {
                if (note.isEmpty()) throw e; // already enabled on an existing table
            }
        }
        Map<String, Object> attrs = new LinkedHashMap<>();
        attrs.put("Arn", table.tableArn());
        if (table.latestStreamArn() != null) attrs.put("StreamArn", table.latestStreamArn());
        resolver.register(id, new CfnResolver.Physical(name, attrs));
        return "table  " + id + " -> " + name + note;
    }

    private static List<KeySchemaElement> keySchema(Object o) {
        return list(o).stream().map(k -> KeySchemaElement.builder().attributeName(str(map(k).get("AttributeName")))
                .keyType(str(map(k).get("KeyType"))).build()).toList();
    }

    private static Projection projection(Object o) {
        Map<String, Object> p = o == null ? Map.of("ProjectionType", "ALL") : map(o);
        Projection.Builder b = Projection.builder().projectionType(str(p.getOrDefault("ProjectionType", "ALL")));
        if (p.get("NonKeyAttributes") != null) b.nonKeyAttributes(list(p.get("NonKeyAttributes")).stream().map(StackResources::str).toList());
        return b.build();
    }

    private static ProvisionedThroughput throughput(Object o, String id) {
        if (o == null) throw new TemplateException(id + ": BillingMode PROVISIONED needs ProvisionedThroughput");
        Map<String, Object> t = map(o);
        return ProvisionedThroughput.builder().readCapacityUnits(Long.parseLong(str(t.get("ReadCapacityUnits"))))
                .writeCapacityUnits(Long.parseLong(str(t.get("WriteCapacityUnits")))).build();
    }

    // ---------------------------------------------------------------- SQS

    private static final Set<String> QUEUE_ATTRIBUTES = Set.of("DelaySeconds", "MaximumMessageSize", "MessageRetentionPeriod",
            "ReceiveMessageWaitTimeSeconds", "VisibilityTimeout", "FifoQueue", "ContentBasedDeduplication",
            "DeduplicationScope", "FifoThroughputLimit", "KmsMasterKeyId", "KmsDataKeyReusePeriodSeconds",
            "SqsManagedSseEnabled", "RedrivePolicy", "RedriveAllowPolicy");
    private static final Set<String> NOT_PASSED_TO_ELASTICMQ = Set.of("KmsMasterKeyId", "KmsDataKeyReusePeriodSeconds",
            "SqsManagedSseEnabled", "RedriveAllowPolicy", "DeduplicationScope", "FifoThroughputLimit");

    private String queue(String id, Map<String, Object> p, CfnResolver resolver) {
        boolean fifo = Boolean.parseBoolean(str(p.getOrDefault("FifoQueue", "false")));
        String name = p.get("QueueName") != null ? str(p.get("QueueName")) : stackName + "-" + id + (fifo ? ".fifo" : "");
        Map<String, String> attributes = new LinkedHashMap<>();
        for (var e : p.entrySet()) {
            if (!QUEUE_ATTRIBUTES.contains(e.getKey()) || NOT_PASSED_TO_ELASTICMQ.contains(e.getKey())) continue;
            Object v = e.getValue();
            attributes.put(e.getKey(), v instanceof Map<?, ?> m ? json(m) : str(v));
        }
        String url = sqs.createQueue(b -> b.queueName(name).attributesWithStrings(attributes)).queueUrl();
        Map<String, String> got = sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributesAsStrings();
        resolver.register(id, new CfnResolver.Physical(url, Map.of("Arn", got.get("QueueArn"), "QueueName", name, "QueueUrl", url)));
        return "queue  " + id + " -> " + url + (attributes.isEmpty() ? "" : " " + attributes);
    }

    // ---------------------------------------------------------------- Secrets Manager

    private String secret(String id, Map<String, Object> p, CfnResolver resolver, String override) {
        String name = physicalName(id, p, "Name");
        String value = override;
        String source = "given to the local runtime";
        if (value == null && p.get("SecretString") != null) {
            value = str(p.get("SecretString"));
            source = "SecretString";
        }
        if (value == null && p.get("GenerateSecretString") instanceof Map<?, ?> g) {
            value = generate(map(g));
            source = "generated";
        }
        if (value == null) source = "empty (no value in the template)";
        String arn;
        try {
            String v = value;
            arn = secrets.createSecret(b -> {
                b.name(name);
                if (p.get("Description") != null) b.description(str(p.get("Description")));
                if (v != null) b.secretString(v);
            }).arn();
        } catch (ResourceExistsException e) {
            arn = secrets.describeSecret(b -> b.secretId(name)).arn();
            if (value != null) {
                String v = value;
                secrets.putSecretValue(b -> b.secretId(name).secretString(v));
            }
            source += ", existed";
        }
        resolver.register(id, new CfnResolver.Physical(arn, Map.of("Id", arn)));
        return "secret " + id + " -> " + name + " (" + source + ")";
    }

    private static String generate(Map<String, Object> g) {
        int length = g.get("PasswordLength") == null ? 32 : Integer.parseInt(str(g.get("PasswordLength")));
        String exclude = g.get("ExcludeCharacters") == null ? "" : str(g.get("ExcludeCharacters"));
        StringBuilder alphabet = new StringBuilder();
        if (!Boolean.parseBoolean(str(g.getOrDefault("ExcludeLowercase", "false")))) alphabet.append("abcdefghijklmnopqrstuvwxyz");
        if (!Boolean.parseBoolean(str(g.getOrDefault("ExcludeUppercase", "false")))) alphabet.append("ABCDEFGHIJKLMNOPQRSTUVWXYZ");
        if (!Boolean.parseBoolean(str(g.getOrDefault("ExcludeNumbers", "false")))) alphabet.append("0123456789");
        if (!Boolean.parseBoolean(str(g.getOrDefault("ExcludePunctuation", "false")))) alphabet.append("!#$%&()*+,-./:;<=>?@[]^_`{|}~");
        if (Boolean.parseBoolean(str(g.getOrDefault("IncludeSpace", "false")))) alphabet.append(' ');
        String chars = alphabet.chars().filter(c -> exclude.indexOf(c) < 0)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        SecureRandom random = new SecureRandom();
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < length; i++) out.append(chars.charAt(random.nextInt(chars.length())));
        if (g.get("SecretStringTemplate") != null && g.get("GenerateStringKey") != null) {
            try {
                ObjectNode t = (ObjectNode) JSON.readTree(str(g.get("SecretStringTemplate")));
                t.put(str(g.get("GenerateStringKey")), out.toString());
                return t.toString();
            } catch (IOException | ClassCastException e) {
                throw new TemplateException("GenerateSecretString.SecretStringTemplate is not a JSON object: " + e.getMessage());
            }
        }
        return out.toString();
    }

    // ---------------------------------------------------------------- EventBridge

    private String bus(String id, Map<String, Object> p, CfnResolver resolver) {
        String name = physicalName(id, p, "Name");
        String arn = "arn:aws:events:" + aws.region() + ":" + aws.accountId() + ":event-bus/" + name;
        HttpResponse<String> r = eventBridge("CreateEventBus", JSON.createObjectNode().put("Name", name));
        if (r.statusCode() == 200) {
            arn = readTree(r.body()).path("EventBusArn").asText(arn);
        } else if (!r.body().contains("ResourceAlreadyExists")) {
            throw new IllegalStateException("CreateEventBus " + name + ": " + r.statusCode() + " " + r.body());
        }
        resolver.register(id, new CfnResolver.Physical(name, Map.of("Arn", arn, "Name", name)));
        return "bus    " + id + " -> " + name;
    }

    private String connection(String id, Map<String, Object> p, CfnResolver resolver) {
        String name = physicalName(id, p, "Name");
        ObjectNode req = JSON.createObjectNode().put("Name", name).put("AuthorizationType", str(p.get("AuthorizationType")));
        req.set("AuthParameters", JSON.valueToTree(resolveSecretReferences(p.getOrDefault("AuthParameters", Map.of()))));
        String arn = eventBridgeOk("CreateConnection", req).path("ConnectionArn").asText();
        resolver.register(id, new CfnResolver.Physical(name, Map.of("Arn", arn)));
        return "connection " + id + " -> " + name + " (" + str(p.get("AuthorizationType")) + ")";
    }

    private String apiDestination(String id, Map<String, Object> p, CfnResolver resolver) {
        String name = physicalName(id, p, "Name");
        ObjectNode req = JSON.createObjectNode().put("Name", name).put("ConnectionArn", str(p.get("ConnectionArn")))
                .put("InvocationEndpoint", str(p.get("InvocationEndpoint"))).put("HttpMethod", str(p.get("HttpMethod")));
        String arn = eventBridgeOk("CreateApiDestination", req).path("ApiDestinationArn").asText();
        resolver.register(id, new CfnResolver.Physical(name, Map.of("Arn", arn)));
        return "api destination " + id + " -> " + str(p.get("HttpMethod")) + " " + str(p.get("InvocationEndpoint"));
    }

    private String rule(String id, Map<String, Object> p, CfnResolver resolver) {
        String name = physicalName(id, p, "Name");
        ObjectNode req = JSON.createObjectNode().put("Name", name).put("State", str(p.getOrDefault("State", "ENABLED")));
        if (p.get("EventBusName") != null) req.put("EventBusName", str(p.get("EventBusName")));
        if (p.get("EventPattern") != null) req.put("EventPattern", json(p.get("EventPattern")));
        if (p.get("ScheduleExpression") != null) req.put("ScheduleExpression", str(p.get("ScheduleExpression")));
        String arn = eventBridgeOk("PutRule", req).path("RuleArn").asText();
        if (p.get("Targets") != null) {
            ObjectNode targets = JSON.createObjectNode().put("Rule", name);
            if (p.get("EventBusName") != null) targets.put("EventBusName", str(p.get("EventBusName")));
            targets.set("Targets", JSON.valueToTree(list(p.get("Targets"))));
            JsonNode reply = eventBridgeOk("PutTargets", targets);
            if (reply.path("FailedEntryCount").asInt() > 0) {
                throw new TemplateException(id + ": PutTargets refused " + reply.path("FailedEntries"));
            }
        }
        resolver.register(id, new CfnResolver.Physical(name, Map.of("Arn", arn)));
        return "rule   " + id + " -> " + name + " (" + (p.get("Targets") == null ? 0 : list(p.get("Targets")).size()) + " target(s))";
    }

    /** A role's name and ARN, so that targets can name it; nothing enforces IAM locally (the IAM checks do, in tests). */
    private String role(String id, Map<String, Object> p, CfnResolver resolver) {
        String name = physicalName(id, p, "RoleName");
        String arn = "arn:aws:iam::" + aws.accountId() + ":role/" + name;
        resolver.register(id, new CfnResolver.Physical(name, Map.of("Arn", arn, "RoleId", "AROA" + Integer.toHexString(name.hashCode()))));
        return "role   " + id + " -> " + arn + " (named only: IAM is not enforced locally)";
    }

    /** {@code {{resolve:secretsmanager:<id or ARN>:SecretString[:json-key]}}} in any string of {@code value}, read now. */
    Object resolveSecretReferences(Object value) {
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(String.valueOf(k), resolveSecretReferences(v)));
            return out;
        }
        if (value instanceof List<?> l) return l.stream().map(this::resolveSecretReferences).toList();
        if (!(value instanceof String s) || !s.startsWith(SECRET_REFERENCE) || !s.endsWith("}}")) return value;
        String[] parts = s.substring(SECRET_REFERENCE.length(), s.length() - 2).split(":");
        int idParts = parts[0].equals("arn") ? 7 : 1;
        String secretId = String.join(":", Arrays.copyOfRange(parts, 0, idParts));
        String secret = secrets.getSecretValue(b -> b.secretId(secretId)).secretString();
        if (parts.length > idParts + 1 && !parts[idParts + 1].isEmpty()) {
            return readTree(secret).path(parts[idParts + 1]).asText();
        }
        return secret;
    }

    private static final String SECRET_REFERENCE = "{{resolve:secretsmanager:";

    private JsonNode eventBridgeOk(String operation, ObjectNode request) {
        HttpResponse<String> r = eventBridge(operation, request);
        if (r.statusCode() != 200) {
            throw new TemplateException(operation + " " + request.path("Name").asText() + ": " + r.statusCode() + " " + r.body());
        }
        return readTree(r.body());
    }

    private HttpResponse<String> eventBridge(String operation, ObjectNode request) {
        try {
            return http.send(HttpRequest.newBuilder(aws.eventBridgeEndpoint())
                    .header("Content-Type", "application/x-amz-json-1.1")
                    .header("X-Amz-Target", "AWSEvents." + operation)
                    .POST(HttpRequest.BodyPublishers.ofString(request.toString())).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(operation + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode readTree(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new IllegalStateException("not JSON: " + text, e);
        }
    }

    // ---------------------------------------------------------------- helpers

    public DynamoDbClient dynamoDb() {
        return dynamo;
    }

    public SqsClient sqs() {
        return sqs;
    }

    public SecretsManagerClient secretsManager() {
        return secrets;
    }

    @Override
    public void close() {
        dynamo.close();
        sqs.close();
        secrets.close();
    }

    private static String json(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static String str(Object o) {
        if (o == null) return null;
        if (o instanceof Double d && d == Math.rint(d)) return String.valueOf(d.longValue());
        return String.valueOf(o);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o) {
        if (!(o instanceof Map<?, ?>)) throw new TemplateException("expected a mapping, got " + o);
        return (Map<String, Object>) o;
    }

    static List<?> list(Object o) {
        if (!(o instanceof List<?> l)) throw new TemplateException("expected a list, got " + o);
        return l;
    }

    static Map<String, Object> section(Map<String, Object> template, String name) {
        Object s = template.get(name);
        return s == null ? Map.of() : map(s);
    }

    static URI uri(String s) {
        return URI.create(s);
    }
}
