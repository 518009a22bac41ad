package ch.srsconnect.local;

import ch.srsconnect.local.aws.SharedAws;
import ch.srsconnect.local.lambda.HelloFunction;
import ch.srsconnect.local.resources.StackResources;
import ch.srsconnect.local.template.TemplateException;
import ch.srsconnect.simulator.SimulatorOptions;
import ch.srsconnect.simulator.SrsSimulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The polling engine's wiring as issue 4 declares it: a scheduler on a ScheduleV2 rate, POLL_TIME_SCALE given
 * by the runtime (not the template), a worker on an SQS queue with BatchSize above 10 and a batching window, partial batch
 * failures, a visibility timeout no shorter than the function timeout, and a redrive policy to a DLQ with
 * numbers where CloudFormation accepts numbers.
 */
@ExtendWith(SharedAws.class)
class PollStyleTemplateTest {

    static final String TEMPLATE = """
            AWSTemplateFormatVersion: "2010-09-09"
            Transform: AWS::Serverless-2016-10-31
            Parameters:
              PollRate:
                Type: String
                Default: rate(1 minute)
              PollMaxReceiveCount:
                Type: Number
                Default: 2
            Globals:
              Function:
                Runtime: java21
                MemorySize: 256
                CodeUri: functions/hello/target/hello.zip
                Handler: ch.srsconnect.local.testfn.BatchHandler::handleRequest
                Environment:
                  Variables:
                    POLL_QUEUE_URL: !Ref PollQueue
                    STATUS_EVENT_BUS_NAME: !Ref StatusEventBus
            Resources:
              PollSchedulerFunction:
                Type: AWS::Serverless::Function
                Properties:
                  Timeout: 30
                  Events:
                    Tick:
                      Type: ScheduleV2
                      Properties:
                        ScheduleExpression: !Ref PollRate
                        State: ENABLED
                        FlexibleTimeWindow: { Mode: "OFF" }
              PollWorkerFunction:
                Type: AWS::Serverless::Function
                Properties:
                  Timeout: 3
                  Events:
                    Poll:
                      Type: SQS
                      Properties:
                        Queue: !GetAtt PollQueue.Arn
                        BatchSize: 25
                        MaximumBatchingWindowInSeconds: 1
                        FunctionResponseTypes:
                          - ReportBatchItemFailures
                        ScalingConfig:
                          MaximumConcurrency: 2
              PollQueue:
                Type: AWS::SQS::Queue
                Properties:
                  QueueName: !Sub "${AWS::StackName}-polltest-queue"
                  VisibilityTimeout: 3
                  MessageRetentionPeriod: "1209600"
                  RedrivePolicy:
                    deadLetterTargetArn: !GetAtt PollDeadLetterQueue.Arn
                    maxReceiveCount: !Ref PollMaxReceiveCount
              PollDeadLetterQueue:
                Type: AWS::SQS::Queue
                Properties:
                  QueueName: !Sub "${AWS::StackName}-polltest-dlq"
                  MessageRetentionPeriod: 1209600
              StatusEventBus:
                Type: AWS::Events::EventBus
                Properties:
                  Name: !Sub "${AWS::StackName}-polltest-status"
            """;

    @TempDir
    static Path project;

    static SrsSimulator simulator;
    static LocalRuntime runtime;
    static final List<String> lines = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        Files.writeString(project.resolve("template.yaml"), TEMPLATE);
        Path target = Files.createDirectories(project.resolve("functions/hello/target"));
        Files.move(HelloFunction.zip(target), target.resolve("hello.zip"), StandardCopyOption.REPLACE_EXISTING);
        simulator = SrsSimulator.start(SimulatorOptions.defaults().port(0).timeScale(60));
        runtime = LocalRuntime.start(LocalRuntimeOptions.defaults().projectRoot(project).port(0)
                .simulator(simulator).aws(SharedAws.aws())
                .log(line -> {
                    lines.add(line);
                    System.out.println(line);
                }));
    }

    @AfterAll
    static void stop() {
        if (runtime != null) runtime.close();
        if (simulator != null) simulator.close();
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("not within 60 s: " + what);
            Thread.sleep(100);
        }
    }

    private static List<Integer> batchSizes() {
        List<Integer> sizes = new ArrayList<>();
        Pattern p = Pattern.compile("\\[srs-connect-local-PollWorkerFunction] batch n=(\\d+)");
        for (String l : lines) {
            Matcher m = p.matcher(l);
            if (m.find()) sizes.add(Integer.parseInt(m.group(1)));
        }
        return sizes;
    }

    @Test
    void scheduleV2FiresOnItsScaledRateAndFunctionsGetTheTimeScale() throws Exception {
        // rate(1 minute) at time scale 60: about once a second; POLL_TIME_SCALE set by the runtime to the same 60
        await("the scheduler ran", () -> lines.stream().anyMatch(l ->
                l.startsWith("[srs-connect-local-PollSchedulerFunction] tick Scheduled Event aws.events scale=60")));
        assertTrue(lines.stream().anyMatch(l -> l.contains("PollSchedulerFunction.Tick <- rate(1 minute) (every 1000 ms locally)")),
                "banner names the scaled period");
    }

    @Test
    void workerGetsBatchesAboveTenWithinTheBatchingWindowAndPoisonGoesToTheDlq() throws Exception {
        String queueUrl = runtime.resolver().physical("PollQueue").ref();
        String dlqUrl = runtime.resolver().physical("PollDeadLetterQueue").ref();
        try (StackResources clients = new StackResources(SharedAws.aws(), "unused")) {
            Map<String, String> attrs = clients.sqs().getQueueAttributes(b -> b.queueUrl(queueUrl)
                    .attributeNames(QueueAttributeName.ALL)).attributesAsStrings();
            assertEquals("3", attrs.get("VisibilityTimeout"));
            assertTrue(attrs.get("RedrivePolicy").contains("polltest-dlq"), attrs.get("RedrivePolicy"));
            assertTrue(attrs.get("RedrivePolicy").replace("\"", "").contains("maxReceiveCount:2"), attrs.get("RedrivePolicy"));

            for (int chunk = 0; chunk < 3; chunk++) {
                List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
                for (int i = 0; i < 10 && chunk * 10 + i < 25; i++) {
                    entries.add(SendMessageBatchRequestEntry.builder().id("m" + i).messageBody("due-" + (chunk * 10 + i)).build());
                }
                clients.sqs().sendMessageBatch(b -> b.queueUrl(queueUrl).entries(entries));
            }
            await("25 records delivered", () -> batchSizes().stream().mapToInt(Integer::intValue).sum() >= 25);
            assertEquals(25, batchSizes().stream().mapToInt(Integer::intValue).sum(), "each message once: " + batchSizes());
            assertTrue(batchSizes().stream().anyMatch(n -> n > 10), "a batch above ReceiveMessage's 10: " + batchSizes());
            await("the delivered batch deleted", () -> "0".equals(clients.sqs().getQueueAttributes(b -> b.queueUrl(queueUrl)
                    .attributeNames(QueueAttributeName.ALL)).attributesAsStrings().get("ApproximateNumberOfMessagesNotVisible")));

            clients.sqs().sendMessage(b -> b.queueUrl(queueUrl).messageBody("poison-1"));
            await("the poison message moved to the DLQ after maxReceiveCount failed deliveries", () -> "1".equals(clients.sqs()
                    .getQueueAttributes(b -> b.queueUrl(dlqUrl).attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                    .attributesAsStrings().get("ApproximateNumberOfMessages")));
        }
        assertTrue(lines.stream().anyMatch(l -> l.contains("record poison-1 ") && l.endsWith("rc=1")), "first delivery");
        assertTrue(lines.stream().anyMatch(l -> l.contains("record poison-1 ") && l.endsWith("rc=2")), "redelivered after the visibility timeout");
        assertTrue(lines.stream().noneMatch(l -> l.contains("record poison-1 ") && l.endsWith("rc=3")), "not delivered past maxReceiveCount");
        assertTrue(runtime.notEmulated().stream().noneMatch(n -> n.contains("ScalingConfig")), runtime.notEmulated().toString());
        assertEquals(1, ((ch.srsconnect.local.events.SqsEventSource) runtime.eventSources().get("PollWorkerFunction.Poll")).pollers(),
                "one poller per allowed instance (--instances 1), capped by MaximumConcurrency 2");
    }

    @Test
    void refusesWhatLambdaRefuses(@TempDir Path other) throws Exception {
        Path target = Files.createDirectories(other.resolve("functions/hello/target"));
        Files.move(HelloFunction.zip(target), target.resolve("hello.zip"), StandardCopyOption.REPLACE_EXISTING);

        Files.writeString(other.resolve("template.yaml"), TEMPLATE
                .replace("VisibilityTimeout: 3", "VisibilityTimeout: 2")
                .replace("polltest-queue", "polltest-short-visibility"));
        TemplateException visibility = assertThrows(TemplateException.class, () -> LocalRuntime.start(LocalRuntimeOptions.defaults()
                .projectRoot(other).port(0).simulator(simulator).aws(SharedAws.aws()).log(l -> { })));
        assertTrue(visibility.getMessage().contains("Queue visibility timeout: 2 seconds is less than Function timeout: 3 seconds"),
                visibility.getMessage());

        Files.writeString(other.resolve("template.yaml"), TEMPLATE
                .replace("MaximumBatchingWindowInSeconds: 1", "MaximumBatchingWindowInSeconds: 0")
                .replace("polltest-queue", "polltest-no-window"));
        TemplateException window = assertThrows(TemplateException.class, () -> LocalRuntime.start(LocalRuntimeOptions.defaults()
                .projectRoot(other).port(0).simulator(simulator).aws(SharedAws.aws()).log(l -> { })));
        assertTrue(window.getMessage().contains("must be greater than 0 if maximum batch size is greater than 10"), window.getMessage());
    }
}
