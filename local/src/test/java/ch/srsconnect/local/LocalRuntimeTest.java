package ch.srsconnect.local;

import ch.srsconnect.local.aws.EmbeddedAws;
import ch.srsconnect.local.lambda.HelloFunction;
import ch.srsconnect.local.lambda.InvocationStat;
import ch.srsconnect.local.resources.StackResources;
import ch.srsconnect.simulator.SimulatorOptions;
import ch.srsconnect.simulator.SrsSimulator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The whole runtime from a small realistic SAM template: resources, function JVMs through the real runtime client, gateway, JWT. */
class LocalRuntimeTest {

    static final String TEMPLATE = """
            AWSTemplateFormatVersion: "2010-09-09"
            Transform: AWS::Serverless-2016-10-31
            Description: local runtime test stack

            Parameters:
              Stage:
                Type: String
                AllowedValues: [dev, preprod, prod]
              SrsBaseUrl:
                Type: String
                Default: https://miss-backend-api-preprod.scapp.swisscom.com
              IdpTokenUrl:
                Type: String
                Default: https://ras-idp-dev.scapp.swisscom.com/oauth/token
              JwtIssuer:
                Type: String
              JwtAudience:
                Type: CommaDelimitedList
              LogLevel:
                Type: String
                Default: INFO

            Conditions:
              IsProd: !Equals [!Ref Stage, prod]

            Globals:
              Function:
                Runtime: java21
                Architectures: [arm64]
                MemorySize: 256
                Timeout: 15
                Environment:
                  Variables:
                    SRS_BASE_URL: !Ref SrsBaseUrl
                    IDP_TOKEN_URL: !Ref IdpTokenUrl
                    TABLE_NAME: !Ref IdentificationsTable
                    POLL_QUEUE_URL: !Ref PollQueue
                    SRS_CREDENTIALS_SECRET_ID: !Ref SrsCredentialsSecret
                    LOG_LEVEL: !Ref LogLevel

            Resources:
              HttpApi:
                Type: AWS::Serverless::HttpApi
                Properties:
                  Auth:
                    Authorizers:
                      JwtAuthorizer:
                        IdentitySource: $request.header.Authorization
                        JwtConfiguration:
                          issuer: !Ref JwtIssuer
                          audience: !Ref JwtAudience
                    DefaultAuthorizer: JwtAuthorizer
                  AccessLogSettings:
                    DestinationArn: !GetAtt AccessLogGroup.Arn
                    Format: '{"requestId":"$context.requestId"}'

              AccessLogGroup:
                Type: AWS::Logs::LogGroup
                Properties:
                  RetentionInDays: 7

              HelloFunction:
                Type: AWS::Serverless::Function
                Properties:
                  CodeUri: functions/hello/target/hello.zip
                  Handler: ch.srsconnect.local.testfn.HelloHandler::handleRequest
                  Environment:
                    Variables:
                      GREETING: !Sub "hi from ${Stage} in ${AWS::Region}"
                      EVENT_BUS: !Ref EventBus
                      PROD_ONLY: !If [IsProd, "yes", !Ref AWS::NoValue]
                  Events:
                    Hello:
                      Type: HttpApi
                      Properties:
                        ApiId: !Ref HttpApi
                        Method: GET
                        Path: /hello/{name}

              EchoFunction:
                Type: AWS::Serverless::Function
                Properties:
                  FunctionName: !Sub "${AWS::StackName}-echo"
                  CodeUri: functions/hello/target/hello.zip
                  Handler: ch.srsconnect.local.testfn.EchoHandler::handleRequest
                  MemorySize: 128
                  Events:
                    Echo:
                      Type: HttpApi
                      Properties:
                        ApiId: !Ref HttpApi
                        Method: ANY
                        Path: /echo/{proxy+}
                        Auth:
                          Authorizer: NONE

              PollWorkerFunction:
                Type: AWS::Serverless::Function
                Properties:
                  CodeUri: functions/hello/target/hello.zip
                  Handler: ch.srsconnect.local.testfn.BatchHandler::handleRequest
                  Events:
                    Poll:
                      Type: SQS
                      Properties:
                        Queue: !GetAtt PollQueue.Arn
                        BatchSize: 5
                        FunctionResponseTypes: [ReportBatchItemFailures]
                    Tick:
                      Type: Schedule
                      Properties:
                        Schedule: rate(1 minute)
                    Nightly:
                      Type: Schedule
                      Properties:
                        Schedule: cron(0 2 * * ? *)

              IdentificationsTable:
                Type: AWS::DynamoDB::Table
                Properties:
                  BillingMode: PAY_PER_REQUEST
                  AttributeDefinitions:
                    - { AttributeName: id, AttributeType: S }
                    - { AttributeName: owner, AttributeType: S }
                    - { AttributeName: pollShard, AttributeType: N }
                    - { AttributeName: nextPollAt, AttributeType: N }
                  KeySchema:
                    - { AttributeName: id, KeyType: HASH }
                  GlobalSecondaryIndexes:
                    - IndexName: byOwner
                      KeySchema:
                        - { AttributeName: owner, KeyType: HASH }
                      Projection: { ProjectionType: ALL }
                    - IndexName: duePolls
                      KeySchema:
                        - { AttributeName: pollShard, KeyType: HASH }
                        - { AttributeName: nextPollAt, KeyType: RANGE }
                      Projection:
                        ProjectionType: INCLUDE
                        NonKeyAttributes: [status, phase]
                  TimeToLiveSpecification:
                    AttributeName: expiresAt
                    Enabled: true
                  StreamSpecification:
                    StreamViewType: NEW_AND_OLD_IMAGES

              PollQueue:
                Type: AWS::SQS::Queue
                Properties:
                  DelaySeconds: 5
                  VisibilityTimeout: 90
                  MessageRetentionPeriod: 86400
                  RedrivePolicy:
                    deadLetterTargetArn: !GetAtt PollDeadLetterQueue.Arn
                    maxReceiveCount: 3

              PollDeadLetterQueue:
                Type: AWS::SQS::Queue
                Properties:
                  QueueName: !Sub "${AWS::StackName}-poll-dlq"
                  MessageRetentionPeriod: 1209600

              ProdOnlyQueue:
                Type: AWS::SQS::Queue
                Condition: IsProd

              SrsCredentialsSecret:
                Type: AWS::SecretsManager::Secret
                Properties:
                  Description: !Sub "SRS client credentials (${Stage})"

              SrsTokenCacheSecret:
                Type: AWS::SecretsManager::Secret
                Properties:
                  SecretString: "{}"

              GeneratedSecret:
                Type: AWS::SecretsManager::Secret
                Properties:
                  GenerateSecretString:
                    SecretStringTemplate: '{"username":"app"}'
                    GenerateStringKey: password
                    PasswordLength: 24
                    ExcludeCharacters: '"@/\\'

              EventBus:
                Type: AWS::Events::EventBus
                Properties:
                  Name: !Sub "${AWS::StackName}-events"

              AlarmTopic:
                Type: AWS::SNS::Topic
            """;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path project;

    static SrsSimulator simulator;
    static EmbeddedAws aws;
    static LocalRuntime runtime;
    static final List<String> lines = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        Files.writeString(project.resolve("template.yaml"), TEMPLATE);
        Path target = Files.createDirectories(project.resolve("functions/hello/target"));
        Files.move(HelloFunction.zip(target), target.resolve("hello.zip"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        simulator = SrsSimulator.start(SimulatorOptions.defaults().port(0).timeScale(60));
        aws = EmbeddedAws.start();
        runtime = LocalRuntime.start(LocalRuntimeOptions.defaults().projectRoot(project).port(0)
                .simulator(simulator).aws(aws)
                .parameter("LogLevel", "DEBUG")
                .log(line -> {
                    lines.add(line);
                    System.out.println(line);
                }));
    }

    @AfterAll
    static void stop() {
        if (runtime != null) runtime.close();
        if (aws != null) aws.close();
        if (simulator != null) simulator.close();
    }

    private static HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(runtime.baseUrl() + path));
        if (token != null) b.header("Authorization", "Bearer " + token);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void createsTheDeclaredResourcesAndListsWhatItDoesNotEmulate() {
        try (StackResources clients = new StackResources(aws, "unused")) {
            TableDescription table = clients.dynamoDb().describeTable(b -> b.tableName("srs-connect-local-IdentificationsTable")).table();
            assertEquals(List.of("byOwner", "duePolls"), table.globalSecondaryIndexes().stream().map(g -> g.indexName()).sorted().toList());
            assertEquals("PAY_PER_REQUEST", table.billingModeSummary().billingModeAsString());
            assertTrue(table.streamSpecification().streamEnabled());
            assertEquals("expiresAt", clients.dynamoDb().describeTimeToLive(b -> b.tableName(table.tableName()))
                    .timeToLiveDescription().attributeName());

            String queueUrl = runtime.resolver().physical("PollQueue").ref();
            assertTrue(queueUrl.endsWith("/srs-connect-local-PollQueue"), queueUrl);
            Map<String, String> attrs = clients.sqs().getQueueAttributes(b -> b.queueUrl(queueUrl)
                    .attributeNames(QueueAttributeName.ALL)).attributesAsStrings();
            assertEquals("5", attrs.get("DelaySeconds"));
            assertEquals("90", attrs.get("VisibilityTimeout"));
            // MessageRetentionPeriod is passed on, but ElasticMQ 1.7.1 does not report it back: not asserted
            assertTrue(attrs.get("RedrivePolicy").contains("srs-connect-local-poll-dlq"), attrs.get("RedrivePolicy"));
            assertFalse(clients.sqs().listQueues().queueUrls().stream().anyMatch(u -> u.contains("ProdOnlyQueue")), "condition honoured");

            assertEquals(LocalRuntime.DEFAULT_SRS_CREDENTIALS, clients.secretsManager()
                    .getSecretValue(b -> b.secretId("srs-connect-local-SrsCredentialsSecret")).secretString());
            assertEquals("{}", clients.secretsManager().getSecretValue(b -> b.secretId("srs-connect-local-SrsTokenCacheSecret")).secretString());
            JsonNode generated = JSON.readTree(clients.secretsManager()
                    .getSecretValue(b -> b.secretId("srs-connect-local-GeneratedSecret")).secretString());
            assertEquals("app", generated.get("username").asText());
            assertEquals(24, generated.get("password").asText().length());
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        assertTrue(aws.eventBridge().busNames().contains("srs-connect-local-events"));
        assertTrue(runtime.notEmulated().contains("AlarmTopic (AWS::SNS::Topic)"), runtime.notEmulated().toString());
        assertTrue(runtime.notEmulated().contains("AccessLogGroup (AWS::Logs::LogGroup)"));
        assertTrue(runtime.notEmulated().stream().anyMatch(n -> n.startsWith("PollWorkerFunction.Nightly")), runtime.notEmulated().toString());
        if (!System.getProperty("os.arch").equals("aarch64")) {
            assertTrue(runtime.notEmulated().stream().anyMatch(n -> n.startsWith("HelloFunction Architectures [arm64]")), runtime.notEmulated().toString());
        }
        assertTrue(lines.stream().anyMatch(l -> l.contains("not emulated: ") && l.contains("AlarmTopic")));
        assertTrue(lines.stream().anyMatch(l -> l.contains("curl -s -H \"Authorization: Bearer $TOKEN\" '" + runtime.baseUrl()
                + "/methods?jurisdiction=ZERTES&loa=4'")));
    }

    @Test
    void functionGetsExactlyTheTemplateEnvironmentThroughTheGateway() throws Exception {
        HttpResponse<String> minted = HTTP.send(HttpRequest.newBuilder(URI.create(runtime.baseUrl() + "/local/token"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"sub\":\"sp-user-1\"}")).build(), HttpResponse.BodyHandlers.ofString());
        String token = JSON.readTree(minted.body()).get("access_token").asText();
        HttpResponse<String> r = get("/hello/world?env=SRS_BASE_URL,IDP_TOKEN_URL,TABLE_NAME,POLL_QUEUE_URL,SRS_CREDENTIALS_SECRET_ID,"
                + "LOG_LEVEL,GREETING,EVENT_BUS,PROD_ONLY,AWS_ENDPOINT_URL_DYNAMODB,AWS_ENDPOINT_URL_SECRETS_MANAGER,AWS_LAMBDA_FUNCTION_NAME", token);
        assertEquals(200, r.statusCode(), r.body());
        JsonNode env = JSON.readTree(r.body()).get("env");
        String sim = simulator.baseUrl().toString().replaceAll("/$", "");
        assertEquals(sim, env.get("SRS_BASE_URL").asText());
        assertEquals(sim + "/oauth/token", env.get("IDP_TOKEN_URL").asText());
        assertEquals("srs-connect-local-IdentificationsTable", env.get("TABLE_NAME").asText());
        assertEquals(runtime.resolver().physical("PollQueue").ref(), env.get("POLL_QUEUE_URL").asText());
        assertTrue(env.get("SRS_CREDENTIALS_SECRET_ID").asText().startsWith("arn:aws:secretsmanager:eu-central-2:000000000000:secret:"));
        assertEquals("DEBUG", env.get("LOG_LEVEL").asText(), "--param override");
        assertEquals("hi from dev in eu-central-2", env.get("GREETING").asText());
        assertEquals("srs-connect-local-events", env.get("EVENT_BUS").asText());
        assertTrue(env.path("PROD_ONLY").isMissingNode() || env.path("PROD_ONLY").isNull(), "AWS::NoValue drops the variable");
        assertEquals(aws.dynamoDbEndpoint().toString(), env.get("AWS_ENDPOINT_URL_DYNAMODB").asText());
        assertEquals(aws.secretsManagerEndpoint().toString(), env.get("AWS_ENDPOINT_URL_SECRETS_MANAGER").asText());
        assertEquals("srs-connect-local-HelloFunction", env.get("AWS_LAMBDA_FUNCTION_NAME").asText());

        assertEquals(401, get("/hello/world", null).statusCode());
        assertEquals(401, get("/hello/world", runtime.jwtIssuer().mint("u", -10, Map.of())).statusCode());
        assertEquals(200, get("/hello/again", runtime.mintToken("sp-user-2")).statusCode());

        JsonNode served = JSON.readTree(get("/local/stats", null).body()).get("invocations");
        boolean coldHello = false;
        for (JsonNode n : served) {
            if (n.get("function").asText().equals("srs-connect-local-HelloFunction") && n.get("coldStart").asBoolean()) {
                coldHello = n.get("jvmStartToFirstResponseMs").asLong() > 0;
            }
        }
        assertTrue(coldHello, "GET /local/stats reports the cold start: " + served);

        List<InvocationStat> stats = runtime.functions().get("HelloFunction").invocationStats();
        assertTrue(stats.getFirst().coldStart());
        assertTrue(stats.getFirst().jvmStartToFirstResponseMs() > 0);
        assertFalse(stats.getLast().coldStart());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("[srs-connect-local-HelloFunction] hello handler invoked")),
                "function output streamed with its name");
    }

    @Test
    void authorizerNoneRouteAndResponseMappingThroughTheRuntimeClient() throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(runtime.baseUrl() + "/echo/a/b?x=1&x=2"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"k\":\"v\"}")).header("Content-Type", "application/json").build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(201, r.statusCode(), r.body());
        assertEquals("yes", r.headers().firstValue("x-echo").orElseThrow());
        assertEquals(List.of("a", "b"), r.headers().allValues("x-multi"));
        JsonNode event = JSON.readTree(r.body());
        assertEquals("ANY /echo/{proxy+}", event.get("routeKey").asText());
        assertEquals("a/b", event.get("pathParameters").get("proxy").asText());
        assertEquals("1,2", event.get("queryStringParameters").get("x").asText());
        assertEquals("{\"k\":\"v\"}", event.get("body").asText());
        assertFalse(event.get("requestContext").has("authorizer"));
        assertEquals("srs-connect-local-echo", runtime.functions().get("EchoFunction").spec().name());
        assertEquals(128, runtime.functions().get("EchoFunction").spec().memoryMb());
        assertEquals(404, get("/nothing", null).statusCode());
    }

    private static void await(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("not within 30 s: " + what);
            Thread.sleep(100);
        }
    }

    @Test
    void sqsEventSourceDeliversBatchesAndKeepsOnlyReportedFailures() throws Exception {
        String queueUrl = runtime.resolver().physical("PollQueue").ref();
        try (StackResources clients = new StackResources(aws, "unused")) {
            for (String body : List.of("ok-1", "fail-2", "ok-3")) {
                clients.sqs().sendMessage(b -> b.queueUrl(queueUrl).messageBody(body).delaySeconds(0));
            }
            await("all three records reached the worker", () -> lines.stream().filter(l -> l.contains("] record ")).count() >= 3);
            await("successes deleted, the failure left in flight", () -> {
                Map<String, String> a = clients.sqs().getQueueAttributes(b -> b.queueUrl(queueUrl)
                        .attributeNames(QueueAttributeName.ALL)).attributesAsStrings();
                return "0".equals(a.get("ApproximateNumberOfMessages")) && "1".equals(a.get("ApproximateNumberOfMessagesNotVisible"));
            });
        }
        assertTrue(lines.stream().anyMatch(l -> l.contains("record fail-2 from arn:aws:sqs:eu-central-2:000000000000:srs-connect-local-PollQueue")));
        assertTrue(lines.stream().anyMatch(l -> l.contains("1 message(s) reported as failed")));
    }

    @Test
    void rateScheduleFiresFasterWithTheTimeScale() throws Exception {
        // rate(1 minute) at the simulator's time scale 60: about once a second
        await("a scheduled event reached the worker", () -> lines.stream().anyMatch(l -> l.contains("] tick Scheduled Event aws.events")));
    }
}
