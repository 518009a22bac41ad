package ch.srsconnect.local.aws;

import static ch.srsconnect.local.aws.AwsJsonServer.NODES;
import static ch.srsconnect.local.aws.AwsJsonServer.required;
import static ch.srsconnect.local.aws.AwsJsonServer.text;

import ch.srsconnect.local.aws.AwsJsonServer.AwsError;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * The EventBridge stand-in's rules, targets, connections and API destinations (the wire operations PutRule,
 * DescribeRule, DeleteRule, PutTargets, ListTargetsByRule, RemoveTargets, CreateConnection, DescribeConnection,
 * CreateApiDestination, DescribeApiDestination, TestEventPattern) and the routing of an accepted event to the API
 * destinations of the rules it matches. Targets of other kinds are kept but not invoked (reported once per target).
 * Not thread-safe: the stand-in calls it under its own lock.
 */
final class EventRules {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** EventBridge's retry policy defaults (eb-rule-dlq). */
    static final int DEFAULT_MAX_RETRIES = 185;
    static final int DEFAULT_MAX_AGE_SECONDS = 86_400;

    private record Rule(String name, String bus, String arn, EventPattern pattern, String patternText, String state,
                        String description, Map<String, ObjectNode> targets) {}

    private record Connection(String name, String arn, String authorizationType, ObjectNode authParameters) {}

    private record Destination(String name, String arn, String connectionArn, String endpoint, String method) {}

    private final String region;
    private final String accountId;
    private final Function<String, Boolean> busExists;
    private final Map<String, Rule> rules = new LinkedHashMap<>();
    private final Map<String, Connection> connections = new LinkedHashMap<>();
    private final Map<String, Destination> destinations = new LinkedHashMap<>();

    EventRules(String region, String accountId, Function<String, Boolean> busExists) {
        this.region = region;
        this.accountId = accountId;
        this.busExists = busExists;
    }

    /** The operation's reply, or null when {@code operation} is not one of these. */
    JsonNode handle(String operation, ObjectNode req) {
        return switch (operation) {
            case "PutRule" -> putRule(req);
            case "DescribeRule" -> describeRule(req);
            case "DeleteRule" -> deleteRule(req);
            case "PutTargets" -> putTargets(req);
            case "ListTargetsByRule" -> listTargets(req);
            case "RemoveTargets" -> removeTargets(req);
            case "CreateConnection" -> createConnection(req);
            case "DescribeConnection" -> describeConnection(req);
            case "CreateApiDestination" -> createDestination(req);
            case "DescribeApiDestination" -> describeDestination(req);
            case "TestEventPattern" -> testEventPattern(req);
            default -> null;
        };
    }

    /** Whether no rule exists (then no event needs its envelope built for routing). */
    boolean isEmpty() {
        return rules.isEmpty();
    }

    /** What to send for {@code event} (its delivered envelope): one per API destination target of a matching rule. */
    List<ApiDestinationDelivery.Send> route(String bus, String eventId, ObjectNode envelope, Instant eventTime) {
        String eventJson = ApiDestinationDelivery.json(envelope);
        return rules.values().stream()
                .filter(r -> r.bus().equals(bus) && "ENABLED".equals(r.state()) && r.pattern() != null && r.pattern().matches(envelope))
                .flatMap(r -> r.targets().values().stream().filter(t -> destinationOf(t) != null)
                        .map(t -> send(r, t, eventId, envelope, eventJson, eventTime)))
                .toList();
    }

    // ---- rules and targets ----

    private JsonNode putRule(ObjectNode req) {
        String name = required(req, "Name", "ValidationException");
        String bus = busName(text(req, "EventBusName"));
        if (!busExists.apply(bus)) throw new AwsError("ResourceNotFoundException", "Event bus " + bus + " does not exist.");
        String patternText = text(req, "EventPattern");
        if (patternText == null && text(req, "ScheduleExpression") == null) {
            throw new AwsError("ValidationException", "Parameter(s) EventPattern or ScheduleExpression must be specified.");
        }
        EventPattern pattern = patternText == null ? null : pattern(patternText);
        String arn = "arn:aws:events:" + region + ":" + accountId + ":rule/" + ("default".equals(bus) ? "" : bus + "/") + name;
        Rule old = rules.get(arn);
        String state = text(req, "State") == null ? "ENABLED" : text(req, "State");
        rules.put(arn, new Rule(name, bus, arn, pattern, patternText, state, text(req, "Description"),
                old == null ? new LinkedHashMap<>() : old.targets()));
        return NODES.objectNode().put("RuleArn", arn);
    }

    private JsonNode describeRule(ObjectNode req) {
        Rule r = rule(req, "Name");
        ObjectNode out = NODES.objectNode().put("Name", r.name()).put("Arn", r.arn()).put("State", r.state())
                .put("EventBusName", r.bus());
        if (r.patternText() != null) out.put("EventPattern", r.patternText());
        if (r.description() != null) out.put("Description", r.description());
        return out;
    }

    private JsonNode deleteRule(ObjectNode req) {
        String bus = busName(text(req, "EventBusName"));
        String name = required(req, "Name", "ValidationException");
        Rule r = rules.values().stream().filter(x -> x.bus().equals(bus) && x.name().equals(name)).findFirst().orElse(null);
        if (r != null && !r.targets().isEmpty()) {
            throw new AwsError("ValidationException", "Rule can't be deleted since it has targets.");
        }
        if (r != null) rules.remove(r.arn());
        return NODES.objectNode();
    }

    private JsonNode putTargets(ObjectNode req) {
        Rule r = rule(req, "Rule");
        JsonNode targets = req.get("Targets");
        if (targets == null || !targets.isArray() || targets.isEmpty() || targets.size() > 5) {
            throw new AwsError("ValidationException", "Targets must hold 1 to 5 targets.");
        }
        ArrayNode failed = NODES.arrayNode();
        for (JsonNode t : targets) {
            String problem = targetProblem(t);
            if (problem != null) {
                failed.addObject().put("TargetId", t.path("Id").asText()).put("ErrorCode", "ValidationException").put("ErrorMessage", problem);
            } else {
                r.targets().put(t.get("Id").asText(), (ObjectNode) t.deepCopy());
            }
        }
        if (r.targets().size() > 5) throw new AwsError("LimitExceededException", "The requested resource exceeds the maximum number allowed.");
        ObjectNode out = NODES.objectNode().put("FailedEntryCount", failed.size());
        out.set("FailedEntries", failed);
        return out;
    }

    private String targetProblem(JsonNode t) {
        if (!t.path("Id").isTextual() || !t.path("Arn").isTextual()) return "A target needs Id and Arn.";
        if (t.has("InputTransformer")) return "InputTransformer is not emulated by the EventBridge stand-in (use InputPath or Input).";
        if (t.has("Input") && t.has("InputPath")) return "Only one of Input, InputPath and InputTransformer may be given.";
        String arn = t.get("Arn").asText();
        if (arn.contains(":api-destination/") && !destinations.containsKey(arn)) return "API destination " + arn + " does not exist.";
        if (arn.contains(":api-destination/") && !t.path("RoleArn").isTextual()) {
            return "An API destination target needs RoleArn (a role allowed events:InvokeApiDestination).";
        }
        return null;
    }

    private JsonNode listTargets(ObjectNode req) {
        Rule r = rule(req, "Rule");
        ObjectNode out = NODES.objectNode();
        ArrayNode list = out.putArray("Targets");
        r.targets().values().forEach(list::add);
        return out;
    }

    private JsonNode removeTargets(ObjectNode req) {
        Rule r = rule(req, "Rule");
        req.path("Ids").forEach(id -> r.targets().remove(id.asText()));
        return NODES.objectNode().put("FailedEntryCount", 0).set("FailedEntries", NODES.arrayNode());
    }

    private Rule rule(ObjectNode req, String nameField) {
        String bus = busName(text(req, "EventBusName"));
        String name = required(req, nameField, "ValidationException");
        return rules.values().stream().filter(x -> x.bus().equals(bus) && x.name().equals(name)).findFirst()
                .orElseThrow(() -> new AwsError("ResourceNotFoundException", "Rule " + name + " does not exist on EventBus " + bus + "."));
    }

    // ---- connections and API destinations ----

    private JsonNode createConnection(ObjectNode req) {
        String name = required(req, "Name", "ValidationException");
        String type = required(req, "AuthorizationType", "ValidationException");
        if (!List.of("API_KEY", "BASIC", "OAUTH_CLIENT_CREDENTIALS").contains(type)) {
            throw new AwsError("ValidationException", "AuthorizationType must be one of API_KEY, BASIC, OAUTH_CLIENT_CREDENTIALS.");
        }
        ObjectNode auth = req.get("AuthParameters") instanceof ObjectNode a ? a : NODES.objectNode();
        if ("API_KEY".equals(type) && (!auth.path("ApiKeyAuthParameters").path("ApiKeyName").isTextual()
                || !auth.path("ApiKeyAuthParameters").path("ApiKeyValue").isTextual())) {
            throw new AwsError("ValidationException", "ApiKeyAuthParameters needs ApiKeyName and ApiKeyValue.");
        }
        if (connections.values().stream().anyMatch(c -> c.name().equals(name))) {
            throw new AwsError("ResourceAlreadyExistsException", "Connection " + name + " already exists.");
        }
        String arn = "arn:aws:events:" + region + ":" + accountId + ":connection/" + name + "/" + UUID.randomUUID();
        connections.put(arn, new Connection(name, arn, type, auth.deepCopy()));
        return NODES.objectNode().put("ConnectionArn", arn).put("ConnectionState", "AUTHORIZED");
    }

    private JsonNode describeConnection(ObjectNode req) {
        String name = required(req, "Name", "ValidationException");
        Connection c = connections.values().stream().filter(x -> x.name().equals(name)).findFirst()
                .orElseThrow(() -> new AwsError("ResourceNotFoundException", "Connection '" + name + "' does not exist."));
        // as AWS: the auth parameters without their secret values
        ObjectNode out = NODES.objectNode().put("Name", c.name()).put("ConnectionArn", c.arn())
                .put("ConnectionState", "AUTHORIZED").put("AuthorizationType", c.authorizationType());
        if ("API_KEY".equals(c.authorizationType())) {
            out.putObject("AuthParameters").putObject("ApiKeyAuthParameters")
                    .put("ApiKeyName", c.authParameters().path("ApiKeyAuthParameters").path("ApiKeyName").asText());
        }
        return out;
    }

    private JsonNode createDestination(ObjectNode req) {
        String name = required(req, "Name", "ValidationException");
        String connectionArn = required(req, "ConnectionArn", "ValidationException");
        String endpoint = required(req, "InvocationEndpoint", "ValidationException");
        String method = required(req, "HttpMethod", "ValidationException");
        if (!connections.containsKey(connectionArn)) {
            throw new AwsError("ResourceNotFoundException", "Connection " + connectionArn + " does not exist.");
        }
        if (!endpoint.startsWith("https://") && !endpoint.startsWith("http://localhost") && !endpoint.startsWith("http://127.0.0.1")) {
            throw new AwsError("ValidationException", "InvocationEndpoint must be an https URL (the stand-in also takes http://localhost).");
        }
        if (!List.of("POST", "GET", "HEAD", "OPTIONS", "PUT", "PATCH", "DELETE").contains(method)) {
            throw new AwsError("ValidationException", "HttpMethod " + method + " is not supported.");
        }
        if (destinations.values().stream().anyMatch(d -> d.name().equals(name))) {
            throw new AwsError("ResourceAlreadyExistsException", "An api-destination '" + name + "' already exists.");
        }
        String arn = "arn:aws:events:" + region + ":" + accountId + ":api-destination/" + name + "/" + UUID.randomUUID();
        destinations.put(arn, new Destination(name, arn, connectionArn, endpoint, method));
        return NODES.objectNode().put("ApiDestinationArn", arn).put("ApiDestinationState", "ACTIVE");
    }

    private JsonNode describeDestination(ObjectNode req) {
        String name = required(req, "Name", "ValidationException");
        Destination d = destinations.values().stream().filter(x -> x.name().equals(name)).findFirst()
                .orElseThrow(() -> new AwsError("ResourceNotFoundException", "Failed to describe the api-destination(s). An api-destination '"
                        + name + "' does not exist."));
        return NODES.objectNode().put("Name", d.name()).put("ApiDestinationArn", d.arn()).put("ConnectionArn", d.connectionArn())
                .put("InvocationEndpoint", d.endpoint()).put("HttpMethod", d.method()).put("ApiDestinationState", "ACTIVE");
    }

    private JsonNode testEventPattern(ObjectNode req) {
        EventPattern pattern = pattern(required(req, "EventPattern", "ValidationException"));
        JsonNode event;
        try {
            event = JSON.readTree(required(req, "Event", "ValidationException"));
        } catch (JsonProcessingException e) {
            throw new AwsError("InvalidEventPatternException", "Event is not valid JSON.");
        }
        for (String field : List.of("id", "account", "source", "time", "region", "detail-type")) {
            if (!event.has(field)) throw new AwsError("ValidationException", "Parameter Event is not valid: it lacks " + field + ".");
        }
        return NODES.objectNode().put("Result", pattern.matches(event));
    }

    // ---- routing ----

    private Destination destinationOf(ObjectNode target) {
        return destinations.get(target.path("Arn").asText());
    }

    private ApiDestinationDelivery.Send send(Rule r, ObjectNode t, String eventId, ObjectNode envelope, String eventJson,
                                             Instant eventTime) {
        Destination d = destinationOf(t);
        Connection c = connections.get(d.connectionArn());
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json; charset=utf-8");
        headers.put("User-Agent", "Amazon/EventBridge/ApiDestinations");
        JsonNode http = t.path("HttpParameters");
        http.path("HeaderParameters").fields().forEachRemaining(e ->
                headers.put(e.getKey(), ApiDestinationDelivery.parameter(e.getValue().asText(), envelope)));
        Map<String, String> query = new LinkedHashMap<>();
        http.path("QueryStringParameters").fields().forEachRemaining(e ->
                query.put(e.getKey(), ApiDestinationDelivery.parameter(e.getValue().asText(), envelope)));
        connectionAuth(c, headers, query);   // the connection's values take precedence
        JsonNode retry = t.path("RetryPolicy");
        return new ApiDestinationDelivery.Send(r.arn(), t.path("Id").asText(), d.arn(),
                ApiDestinationDelivery.withQuery(d.endpoint(), query), d.method(), headers, body(t, envelope, eventJson),
                retry.path("MaximumRetryAttempts").asInt(DEFAULT_MAX_RETRIES),
                Duration.ofSeconds(retry.path("MaximumEventAgeInSeconds").asInt(DEFAULT_MAX_AGE_SECONDS)),
                t.path("DeadLetterConfig").path("Arn").isTextual() ? t.path("DeadLetterConfig").path("Arn").asText() : null,
                eventId, eventJson, eventTime);
    }

    private static void connectionAuth(Connection c, Map<String, String> headers, Map<String, String> query) {
        JsonNode auth = c.authParameters();
        switch (c.authorizationType()) {
            case "API_KEY" -> headers.put(auth.path("ApiKeyAuthParameters").path("ApiKeyName").asText(),
                    auth.path("ApiKeyAuthParameters").path("ApiKeyValue").asText());
            case "BASIC" -> headers.put("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    (auth.path("BasicAuthParameters").path("Username").asText() + ":"
                            + auth.path("BasicAuthParameters").path("Password").asText()).getBytes(StandardCharsets.UTF_8)));
            default -> { }   // OAuth client credentials: not emulated, the request goes without a token
        }
        JsonNode invocation = auth.path("InvocationHttpParameters");
        invocation.path("HeaderParameters").forEach(p -> headers.put(p.path("Key").asText(), p.path("Value").asText()));
        invocation.path("QueryStringParameters").forEach(p -> query.put(p.path("Key").asText(), p.path("Value").asText()));
    }

    private static String body(ObjectNode t, ObjectNode envelope, String eventJson) {
        if (t.path("Input").isTextual()) return t.get("Input").asText();
        if (t.path("InputPath").isTextual()) {
            JsonNode selected = ApiDestinationDelivery.path(envelope, t.get("InputPath").asText());
            return selected == null ? "" : ApiDestinationDelivery.json(selected);
        }
        return eventJson;
    }

    private static EventPattern pattern(String text) {
        try {
            return EventPattern.of(JSON.readTree(text));
        } catch (JsonProcessingException e) {
            throw new AwsError("InvalidEventPatternException", "Event pattern is not valid. Reason: not JSON");
        } catch (IllegalArgumentException e) {
            throw new AwsError("InvalidEventPatternException", e.getMessage());
        }
    }

    private static String busName(String nameOrArn) {
        if (nameOrArn == null || nameOrArn.isEmpty()) return "default";
        int i = nameOrArn.indexOf(":event-bus/");
        return i < 0 ? nameOrArn : nameOrArn.substring(i + ":event-bus/".length());
    }
}
