package ch.srsconnect.tests.referenceaws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.srsconnect.tests.TestEnvironment;
import ch.srsconnect.tests.iam.Referees;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.ApiDestinationHttpMethod;
import software.amazon.awssdk.services.eventbridge.model.ConnectionAuthorizationType;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.Target;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;

/**
 * Our Secrets Manager and EventBridge stand-ins against an emulator we did not write ({@link ReferenceAws}: moto here,
 * LocalStack where Docker runs): the same SDK calls to both, the answers compared field by field after normalising
 * what is random by nature (ARN suffixes, version ids, region and account). A difference fails, unless it is one
 * where the reference itself is known to differ from AWS ({@link #REFERENCE_IS_WRONG}, with the evidence).
 */
class StandInsAgainstReferenceTest {

    private static final String SM_404 = "moto answers 404; AWS answers 400: the Secrets Manager API Reference lists "
            + "ResourceNotFoundException with HTTP status 400 for GetSecretValue, DescribeSecret and PutSecretValue, and AWS's "
            + "service model (botocore secretsmanager service-2.json) declares no other status for it";

    /**
     * Observations where the reference emulator, not our stand-in, departs from AWS, by name, with the evidence. Our
     * stand-in is held to AWS's behaviour there instead ({@link #AWS_BEHAVIOUR}), where it is known.
     */
    static final Map<String, String> REFERENCE_IS_WRONG = Map.of(
            "GetSecretValue(missing secret)", SM_404,
            "DescribeSecret(missing secret)", SM_404,
            "PutSecretValue(missing secret)", SM_404,
            "GetSecretValue(secret without a value)", SM_404,
            "GetSecretValue(unknown stage)", SM_404,
            "PutEvents(no entries)", "moto accepts an empty Entries list; AWS's model (botocore events service-2.json, "
                    + "PutEventsRequestEntryList min 1) makes it a ValidationException",
            "PutEvents(one good, one bad).Entries", "moto accepts a JSON array as Detail; AWS documents Detail as \"a valid "
                    + "JSON object\" (PutEventsRequestEntry; service model: \"an object containing fields\") and reports "
                    + "MalformedDetail per entry (documented, not observed here)",
            "PutEvents(one good, one bad).FailedEntryCount", "as PutEvents(one good, one bad).Entries",
            "PutEvents(entry over 256 KB)", "moto accepts it; AWS refuses the request with ValidationException \"Total size "
                    + "of the entries in the request is over the limit.\" (PutEvents: 256 KB per request, counted as in "
                    + "eb-putevent-size; the error reported in awslabs/aws-service-catalog-puppet#563)",
            "PutEvents(missing bus)", "three answers: AWS accepts the event and drops it (reported: aws/aws-cli#9186, "
                    + "aws/aws-sdk#186), moto refuses the whole request; the stand-in fails the entry, on purpose stricter "
                    + "than AWS so a wrong STATUS_EVENT_BUS_NAME shows locally");

    /** What AWS answers where the reference differs from it: our stand-in must answer the same. */
    static final Map<String, Object> AWS_BEHAVIOUR = Map.of(
            "GetSecretValue(missing secret)", "ResourceNotFoundException (400)",
            "DescribeSecret(missing secret)", "ResourceNotFoundException (400)",
            "PutSecretValue(missing secret)", "ResourceNotFoundException (400)",
            "GetSecretValue(secret without a value)", "ResourceNotFoundException (400)",
            "GetSecretValue(unknown stage)", "ResourceNotFoundException (400)",
            "PutEvents(no entries)", "ValidationException (400)",
            "PutEvents(one good, one bad).Entries", List.of("EventId", "error MalformedDetail"),
            "PutEvents(one good, one bad).FailedEntryCount", 1,
            "PutEvents(entry over 256 KB)", "ValidationException (400)");

    @Test
    void secretsManagerStandInAnswersAsTheReferenceDoes() {
        ReferenceAws.Backend reference = ReferenceAws.require();
        TestEnvironment env = TestEnvironment.get();
        Map<String, Object> ours = secretsManagerObservations(secretsManager(env.aws().secretsManagerEndpoint(),
                env.aws().region()), env.aws().region(), env.aws().accountId());
        Map<String, Object> theirs = secretsManagerObservations(secretsManager(reference.endpoint(), reference.region()),
                reference.region(), null);
        compare("Secrets Manager", reference, ours, theirs);
    }

    @Test
    void eventBridgeStandInAnswersAsTheReferenceDoes() {
        ReferenceAws.Backend reference = ReferenceAws.require();
        TestEnvironment env = TestEnvironment.get();
        Map<String, Object> ours = eventBridgeObservations(eventBridge(env.aws().eventBridgeEndpoint(), env.aws().region()),
                env.aws().region(), env.aws().accountId());
        Map<String, Object> theirs = eventBridgeObservations(eventBridge(reference.endpoint(), reference.region()),
                reference.region(), null);
        compare("EventBridge", reference, ours, theirs);
    }

    @Test
    void theComparisonFailsOnAnUnexcusedDifferenceAndHoldsTheStandInToAwsWhereTheReferenceIsWrong() {
        ReferenceAws.Backend reference = new ReferenceAws.Backend("reference", URI.create("http://127.0.0.1:1"), "r", "a", "s");
        AssertionError unexcused = assertThrows(AssertionError.class, () -> compare("S", reference,
                Map.of("CreateSecret.Name", "<name>"), Map.of("CreateSecret.Name", "other")));
        assertTrue(unexcused.getMessage().contains("CreateSecret.Name: stand-in <name>, reference other"), unexcused.getMessage());
        assertThrows(AssertionError.class, () -> compare("S", reference,
                Map.of("PutEvents(no entries)", "no error"), Map.of("PutEvents(no entries)", "something else")),
                "excused for the reference, but the stand-in must still answer as AWS does");
        compare("S", reference, Map.of("PutEvents(missing bus).FailedEntryCount", 1), Map.of("PutEvents(missing bus)", "X (400)"));
    }

    private static void compare(String service, ReferenceAws.Backend reference, Map<String, Object> ours, Map<String, Object> theirs) {
        List<String> differences = new ArrayList<>();
        List<String> excused = new ArrayList<>();
        for (String key : new TreeSet<>(union(ours.keySet(), theirs.keySet()))) {
            Object a = ours.get(key);
            Object b = theirs.get(key);
            if (Objects.equals(a, b)) continue;
            String excuse = excuse(key);
            if (excuse != null) {
                excused.add(key + ": stand-in " + a + ", " + reference.name() + " " + b + " (" + REFERENCE_IS_WRONG.get(excuse) + ")");
                if (AWS_BEHAVIOUR.containsKey(key)) {
                    assertEquals(AWS_BEHAVIOUR.get(key), a, key + ": the stand-in must answer as AWS does");
                }
                continue;
            }
            differences.add(key + ": stand-in " + a + ", " + reference.name() + " " + b);
        }
        System.out.println("[differential] " + service + ": " + ours.size() + " observations compared with " + reference.name()
                + " (" + String.join(", ", operations(ours.keySet())) + ")");
        excused.forEach(e -> System.out.println("[differential]   excluded, the reference differs from AWS: " + e));
        assertTrue(differences.isEmpty(), service + " stand-in differs from " + reference.name() + ":\n  " + String.join("\n  ", differences));
    }

    /** The exclusion that covers an observation: its own name, or the call it belongs to ({@code Call.Field}). */
    private static String excuse(String key) {
        return REFERENCE_IS_WRONG.keySet().stream().filter(k -> key.equals(k) || key.startsWith(k + ".")).findFirst().orElse(null);
    }

    private static List<String> operations(Set<String> keys) {
        return keys.stream().map(k -> k.split("[.(]")[0]).distinct().sorted().toList();
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> u = new HashSet<>(a);
        u.addAll(b);
        return u;
    }

    // ------------------------------------------------------------------ Secrets Manager

    static Map<String, Object> secretsManagerObservations(SecretsManagerClient sm, String region, String account) {
        Map<String, Object> o = new TreeMap<>();
        String name = "differential/" + UUID.randomUUID() + "/credentials";
        Normaliser n = new Normaliser(region, account);

        var created = sm.createSecret(b -> b.name(name).secretString("{\"v\":1}").description("first"));
        String arn = created.arn();
        o.put("CreateSecret.ARN", n.arn(arn, name));
        o.put("CreateSecret.Name", n.name(created.name(), name));
        o.put("CreateSecret.VersionId", n.uuid(created.versionId()));
        o.put("CreateSecret(duplicate name)", error(() -> sm.createSecret(b -> b.name(name).secretString("x"))));

        GetSecretValueResponse first = sm.getSecretValue(b -> b.secretId(name));
        o.put("GetSecretValue(by name).SecretString", first.secretString());
        o.put("GetSecretValue(by name).VersionStages", first.versionStages());
        o.put("GetSecretValue(by name).ARN is the created ARN", arn.equals(first.arn()));
        o.put("GetSecretValue(by name).VersionId is the created one", created.versionId().equals(first.versionId()));
        o.put("GetSecretValue(by name).CreatedDate present", first.createdDate() != null);
        o.put("GetSecretValue(by ARN).SecretString", sm.getSecretValue(b -> b.secretId(arn)).secretString());

        var put = sm.putSecretValue(b -> b.secretId(arn).secretString("{\"v\":2}"));
        o.put("PutSecretValue.VersionStages", put.versionStages());
        o.put("PutSecretValue.ARN is the created ARN", arn.equals(put.arn()));
        o.put("PutSecretValue.VersionId is new", !created.versionId().equals(put.versionId()));
        o.put("GetSecretValue(after put).SecretString", sm.getSecretValue(b -> b.secretId(name)).secretString());
        GetSecretValueResponse previous = sm.getSecretValue(b -> b.secretId(name).versionStage("AWSPREVIOUS"));
        o.put("GetSecretValue(AWSPREVIOUS).SecretString", previous.secretString());
        o.put("GetSecretValue(AWSPREVIOUS).VersionStages", previous.versionStages());
        o.put("GetSecretValue(first VersionId).SecretString",
                sm.getSecretValue(b -> b.secretId(name).versionId(created.versionId())).secretString());
        o.put("GetSecretValue(unknown stage)", error(() -> sm.getSecretValue(b -> b.secretId(name).versionStage("NOPE"))));

        DescribeSecretResponse d = sm.describeSecret(b -> b.secretId(name));
        o.put("DescribeSecret.Name", n.name(d.name(), name));
        o.put("DescribeSecret.ARN is the created ARN", arn.equals(d.arn()));
        o.put("DescribeSecret.Description", d.description());
        o.put("DescribeSecret.VersionIdsToStages", d.versionIdsToStages().values().stream().map(Object::toString).sorted().toList());

        String missing = "differential/" + UUID.randomUUID() + "/missing";
        o.put("GetSecretValue(missing secret)", error(() -> sm.getSecretValue(b -> b.secretId(missing))));
        o.put("DescribeSecret(missing secret)", error(() -> sm.describeSecret(b -> b.secretId(missing))));
        o.put("PutSecretValue(missing secret)", error(() -> sm.putSecretValue(b -> b.secretId(missing).secretString("x"))));

        // the stack creates SrsCredentialsSecret without a value: what a function reads before the operator fills it
        String empty = "differential/" + UUID.randomUUID() + "/empty";
        sm.createSecret(b -> b.name(empty));
        o.put("GetSecretValue(secret without a value)", error(() -> sm.getSecretValue(b -> b.secretId(empty))));
        o.put("DescribeSecret(secret without a value).VersionIdsToStages",
                sm.describeSecret(b -> b.secretId(empty)).versionIdsToStages().size());

        String binary = "differential/" + UUID.randomUUID() + "/binary";
        sm.createSecret(b -> b.name(binary).secretBinary(SdkBytes.fromUtf8String("bytes")));
        GetSecretValueResponse bin = sm.getSecretValue(b -> b.secretId(binary));
        o.put("GetSecretValue(binary secret).SecretBinary", bin.secretBinary() == null ? null : bin.secretBinary().asUtf8String());
        o.put("GetSecretValue(binary secret).SecretString", bin.secretString());
        return o;
    }

    // ------------------------------------------------------------------ EventBridge

    static Map<String, Object> eventBridgeObservations(EventBridgeClient eb, String region, String account) {
        Map<String, Object> o = new TreeMap<>();
        String bus = "differential-" + UUID.randomUUID();
        Normaliser n = new Normaliser(region, account);

        String busArn = eb.createEventBus(b -> b.name(bus)).eventBusArn();
        o.put("CreateEventBus.EventBusArn", n.arn(busArn, bus));
        o.put("CreateEventBus(duplicate name)", error(() -> eb.createEventBus(b -> b.name(bus))));
        var described = eb.describeEventBus(b -> b.name(bus));
        o.put("DescribeEventBus.Name", n.name(described.name(), bus));
        o.put("DescribeEventBus.Arn is the created ARN", busArn.equals(described.arn()));
        o.put("DescribeEventBus(missing bus)", error(() -> eb.describeEventBus(b -> b.name(bus + "-missing"))));

        o.putAll(put("PutEvents(two entries)", eb, entry(bus, "{\"a\":1}"), entry(bus, "{\"b\":2}")));
        o.putAll(put("PutEvents(bus by ARN)", eb, entry(busArn, "{\"a\":1}")));
        o.putAll(put("PutEvents(default bus)", eb, entry(null, "{\"a\":1}")));
        o.putAll(put("PutEvents(entry without DetailType)", eb, entry(bus, "{\"a\":1}").toBuilder().detailType(null).build()));
        o.putAll(put("PutEvents(entry without Source)", eb, entry(bus, "{\"a\":1}").toBuilder().source(null).build()));
        o.putAll(put("PutEvents(Detail not a JSON object)", eb, entry(bus, "not json")));
        o.putAll(put("PutEvents(one good, one bad)", eb, entry(bus, "{\"a\":1}"), entry(bus, "[1]")));
        o.putAll(put("PutEvents(entry over 256 KB)", eb, entry(bus, "{\"pad\":\"" + "x".repeat(260 * 1024) + "\"}")));
        o.putAll(put("PutEvents(missing bus)", eb, entry(bus + "-missing", "{\"a\":1}")));
        o.put("PutEvents(11 entries)", error(() -> eb.putEvents(b -> b.entries(IntStream.range(0, 11)
                .mapToObj(i -> entry(bus, "{\"i\":" + i + "}")).toList()))));
        o.put("PutEvents(no entries)", error(() -> eb.putEvents(b -> b.entries(List.of()))));
        o.putAll(ruleObservations(eb, bus, n));
        return o;
    }

    /** The webhook's resources as the local runtime creates them: rule, targets, connection, API destination. */
    private static Map<String, Object> ruleObservations(EventBridgeClient eb, String bus, Normaliser n) {
        Map<String, Object> o = new TreeMap<>();
        String rule = "rule-" + bus;
        String pattern = "{\"source\":[\"srs-connect\"],\"detail-type\":[\"Identification Status Changed\"]}";
        o.put("PutRule.RuleArn", n.arn(eb.putRule(b -> b.name(rule).eventBusName(bus).eventPattern(pattern)).ruleArn(), rule)
                .replace(bus.replace(rule, ""), ""));
        var described = eb.describeRule(b -> b.name(rule).eventBusName(bus));
        o.put("DescribeRule.State", described.stateAsString());
        o.put("DescribeRule.EventPattern", readTree(described.eventPattern()));
        o.put("PutRule(pattern not a list)", error(() -> eb.putRule(b -> b.name(rule + "-bad").eventBusName(bus)
                .eventPattern("{\"source\":\"srs-connect\"}"))));
        o.put("DescribeRule(missing rule)", error(() -> eb.describeRule(b -> b.name(rule + "-missing").eventBusName(bus))));

        String connection = "conn-" + UUID.randomUUID();
        var created = eb.createConnection(b -> b.name(connection).authorizationType(ConnectionAuthorizationType.API_KEY)
                .authParameters(a -> a.apiKeyAuthParameters(k -> k.apiKeyName("X-Srs-Connect-Api-Key").apiKeyValue("secret"))));
        o.put("CreateConnection.ConnectionState", created.connectionStateAsString());
        o.put("CreateConnection.ConnectionArn", n.arn(created.connectionArn(), connection).replaceAll("/[0-9a-f-]{36}$", "/<uuid>"));
        var connectionDescribed = eb.describeConnection(b -> b.name(connection));
        o.put("DescribeConnection.AuthorizationType", connectionDescribed.authorizationTypeAsString());
        o.put("DescribeConnection.ApiKeyName", connectionDescribed.authParameters().apiKeyAuthParameters().apiKeyName());
        o.put("DescribeConnection(missing)", error(() -> eb.describeConnection(b -> b.name(connection + "-missing"))));

        String destination = "dest-" + UUID.randomUUID();
        var dest = eb.createApiDestination(b -> b.name(destination).connectionArn(created.connectionArn())
                .invocationEndpoint("https://hooks.example/srs-connect").httpMethod(ApiDestinationHttpMethod.POST));
        o.put("CreateApiDestination.ApiDestinationState", dest.apiDestinationStateAsString());
        o.put("CreateApiDestination.ApiDestinationArn", n.arn(dest.apiDestinationArn(), destination).replaceAll("/[0-9a-f-]{36}$", "/<uuid>"));
        var destDescribed = eb.describeApiDestination(b -> b.name(destination));
        o.put("DescribeApiDestination.InvocationEndpoint", destDescribed.invocationEndpoint());
        o.put("DescribeApiDestination.HttpMethod", destDescribed.httpMethodAsString());

        var targets = eb.putTargets(b -> b.rule(rule).eventBusName(bus).targets(Target.builder().id("webhook").arn(dest.apiDestinationArn())
                .roleArn("arn:aws:iam::123456789012:role/invoke").inputPath("$.detail")
                .httpParameters(h -> h.headerParameters(Map.of("Srs-Connect-Event-Id", "$.detail.changeId")))
                .retryPolicy(r -> r.maximumRetryAttempts(20).maximumEventAgeInSeconds(3600)).build()));
        o.put("PutTargets.FailedEntryCount", targets.failedEntryCount());
        var listed = eb.listTargetsByRule(b -> b.rule(rule).eventBusName(bus)).targets();
        o.put("ListTargetsByRule.Ids", listed.stream().map(Target::id).toList());
        o.put("ListTargetsByRule.InputPath", listed.getFirst().inputPath());
        o.put("ListTargetsByRule.RetryPolicy", listed.getFirst().retryPolicy().maximumRetryAttempts() + "/"
                + listed.getFirst().retryPolicy().maximumEventAgeInSeconds());
        o.put("ListTargetsByRule.HeaderParameters", listed.getFirst().httpParameters().headerParameters());
        return o;
    }

    /**
     * EventBridge's documented pattern examples (local/src/test/resources/eventbridge/documented-patterns.json): the
     * stand-in's TestEventPattern, moto's matcher (tests/bin/moto-event-pattern: moto's server answers TestEventPattern
     * with an empty body, so its matcher is called directly) and the documentation must all agree.
     */
    @Test
    void eventPatternsMatchAsTheDocumentationAndMotosMatcherSay() {
        Referees.require("moto", "python3", "-c", "import moto.events.models");
        Path file = TestEnvironment.projectRoot().resolve("local/src/test/resources/eventbridge/documented-patterns.json");
        Referees.Result moto = Referees.run(TestEnvironment.projectRoot(), List.of("sh", "-c", "python3 tests/bin/moto-event-pattern < \"$1\"",
                "moto-event-pattern", file.toString()));
        assertEquals(0, moto.exit(), moto.output());
        JsonNode theirs = readTree(moto.output().lines().reduce((a, b) -> b).orElse("{}"));
        TestEnvironment env = TestEnvironment.get();
        EventBridgeClient eb = eventBridge(env.aws().eventBridgeEndpoint(), env.aws().region());
        List<String> differences = new ArrayList<>();
        JsonNode cases = readTree(readString(file));
        for (JsonNode c : cases) {
            String what = c.path("what").asText();
            boolean ours = eb.testEventPattern(b -> b.eventPattern(c.get("pattern").toString()).event(c.get("event").toString())).result();
            boolean documented = c.path("matches").asBoolean();
            if (ours != documented || !theirs.path(what).isBoolean() || theirs.path(what).asBoolean() != documented) {
                differences.add(what + ": documented " + documented + ", stand-in " + ours + ", moto " + theirs.path(what));
            }
        }
        System.out.println("[differential] EventBridge patterns: " + cases.size() + " documented examples, stand-in and moto's matcher");
        assertTrue(differences.isEmpty(), String.join("\n", differences));
    }

    private static JsonNode readTree(String text) {
        try {
            return new ObjectMapper().readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String readString(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static PutEventsRequestEntry entry(String bus, String detail) {
        return PutEventsRequestEntry.builder().eventBusName(bus).source("srs-connect.differential")
                .detailType("Identification Status Changed").detail(detail).build();
    }

    private static Map<String, Object> put(String what, EventBridgeClient eb, PutEventsRequestEntry... entries) {
        Map<String, Object> o = new LinkedHashMap<>();
        PutEventsResponse r;
        try {
            r = eb.putEvents(b -> b.entries(entries));
        } catch (AwsServiceException e) {
            o.put(what, describe(e));
            return o;
        }
        o.put(what + ".FailedEntryCount", r.failedEntryCount());
        o.put(what + ".Entries", r.entries().stream().map(e -> e.errorCode() != null ? "error " + e.errorCode()
                : e.eventId() != null && !e.eventId().isBlank() ? "EventId" : "neither").toList());
        return o;
    }

    // ------------------------------------------------------------------ helpers

    /** {@code ErrorCode (HTTP status)} of the call, or {@code no error}. */
    static String error(Supplier<?> call) {
        try {
            call.get();
            return "no error";
        } catch (AwsServiceException e) {
            return describe(e);
        }
    }

    private static String describe(AwsServiceException e) {
        return e.awsErrorDetails().errorCode() + " (" + e.statusCode() + ")";
    }

    /** Makes what is random or deployment-specific comparable: region, account, ARN suffixes, ids. */
    record Normaliser(String region, String account) {
        String arn(String arn, String name) {
            if (arn == null) return null;
            String[] p = arn.split(":", 6);
            if (p.length < 6) return "not an ARN: " + arn;
            String resource = p[5].replace(name, "<name>").replaceAll("<name>-[A-Za-z0-9]{6}$", "<name>-XXXXXX");
            boolean accountOk = account == null ? p[4].matches("\\d{12}") : p[4].equals(account);
            return String.join(":", p[0], p[1], p[2], p[3].equals(region) ? "<region>" : p[3], accountOk ? "<account>" : p[4], resource);
        }

        String name(String actual, String expected) {
            return expected.equals(actual) ? "<name>" : actual;
        }

        String uuid(String id) {
            return id == null ? null : id.matches("[0-9a-fA-F-]{32,36}") ? "<uuid>" : id;
        }
    }

    private static SecretsManagerClient secretsManager(URI endpoint, String region) {
        return SecretsManagerClient.builder().httpClient(UrlConnectionHttpClient.create()).endpointOverride(endpoint)
                .region(Region.of(region)).credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .build();
    }

    private static EventBridgeClient eventBridge(URI endpoint, String region) {
        return EventBridgeClient.builder().httpClient(UrlConnectionHttpClient.create()).endpointOverride(endpoint)
                .region(Region.of(region)).credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .build();
    }
}
