package ch.srsconnect.local.events;

import ch.srsconnect.local.gateway.Invoker;
import ch.srsconnect.local.lambda.InvocationResult;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * An SQS event source mapping as Lambda runs one: long-polls the queue, invokes the function with a batch
 * ({@code Records}), deletes the batch when the function succeeds, keeps it when the function fails (the messages
 * come back after the visibility timeout and the queue's RedrivePolicy moves them to the DLQ), and with
 * {@code ReportBatchItemFailures} keeps only the messages the function lists in {@code batchItemFailures}.
 * Without a batching window a batch is one ReceiveMessage (at most 10 messages); with
 * {@code MaximumBatchingWindowInSeconds} the source keeps receiving until the batch holds {@code BatchSize}
 * messages (up to 10 000) or the window (real seconds) has passed since the first message of the batch.
 */
public final class SqsEventSource implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String name;
    private final SqsClient sqs;
    private final String queueUrl;
    private final String queueArn;
    private final String region;
    private final int batchSize;
    private final java.time.Duration batchingWindow;
    private final boolean reportBatchItemFailures;
    private final Invoker function;
    private final Consumer<String> log;
    private final List<Thread> pollers = new ArrayList<>();
    private final AtomicLong batches = new AtomicLong();
    private volatile boolean closed;

    public SqsEventSource(String name, SqsClient sqs, String queueUrl, String queueArn, String region, int batchSize,
                          boolean reportBatchItemFailures, Invoker function, Consumer<String> log) {
        this(name, sqs, queueUrl, queueArn, region, batchSize, java.time.Duration.ZERO, reportBatchItemFailures, function, log);
    }

    public SqsEventSource(String name, SqsClient sqs, String queueUrl, String queueArn, String region, int batchSize,
                          java.time.Duration batchingWindow, boolean reportBatchItemFailures, Invoker function, Consumer<String> log) {
        this(name, sqs, queueUrl, queueArn, region, batchSize, batchingWindow, reportBatchItemFailures, 1, function, log);
    }

    /**
     * @param pollers concurrent pollers, each with at most one batch in flight (Lambda runs several; the local
     *                runtime uses one per allowed function instance, capped by ScalingConfig.MaximumConcurrency)
     */
    public SqsEventSource(String name, SqsClient sqs, String queueUrl, String queueArn, String region, int batchSize,
                          java.time.Duration batchingWindow, boolean reportBatchItemFailures, int pollers, Invoker function,
                          Consumer<String> log) {
        this.name = name;
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.queueArn = queueArn;
        this.region = region;
        this.batchingWindow = batchingWindow == null || batchingWindow.isNegative() ? java.time.Duration.ZERO : batchingWindow;
        this.batchSize = Math.max(1, Math.min(this.batchingWindow.isZero() ? 10 : 10_000, batchSize));
        this.reportBatchItemFailures = reportBatchItemFailures;
        this.function = function;
        this.log = log;
        for (int i = 0; i < Math.max(1, pollers); i++) {
            this.pollers.add(Thread.ofVirtual().name("sqs-source-" + name + "-" + i).start(this::run));
        }
    }

    /** Batches handed to the function so far. */
    public long batches() {
        return batches.get();
    }

    private void run() {
        while (!closed) {
            try {
                List<Message> messages = new ArrayList<>(receive(Math.min(10, batchSize), 1));
                if (!messages.isEmpty() && !batchingWindow.isZero()) {
                    long deadline = System.nanoTime() + batchingWindow.toNanos();
                    while (messages.size() < batchSize && !closed) {
                        long leftMs = (deadline - System.nanoTime()) / 1_000_000;
                        if (leftMs <= 0) break;
                        List<Message> more = receive(Math.min(10, batchSize - messages.size()), leftMs >= 1000 ? 1 : 0);
                        messages.addAll(more);
                        if (more.isEmpty() && leftMs < 1000) Thread.sleep(Math.min(leftMs, 50));
                    }
                }
                if (messages.isEmpty() || closed) continue;
                batches.incrementAndGet();
                InvocationResult result = function.invoke(JSON.writeValueAsBytes(event(messages))).join();
                List<Message> done = new ArrayList<>();
                if (result.error()) {
                    log.accept(name + ": function failed (" + result.errorType() + "), " + messages.size()
                            + " message(s) return to the queue after the visibility timeout");
                } else if (reportBatchItemFailures) {
                    Set<String> failed = failedIds(result.payload());
                    for (Message m : messages) if (!failed.contains(m.messageId())) done.add(m);
                    if (!failed.isEmpty()) log.accept(name + ": " + failed.size() + " message(s) reported as failed");
                } else {
                    done.addAll(messages);
                }
                for (int from = 0; from < done.size(); from += 10) {
                    List<Message> chunk = done.subList(from, Math.min(done.size(), from + 10));
                    sqs.deleteMessageBatch(b -> b.queueUrl(queueUrl).entries(chunk.stream().map(m -> DeleteMessageBatchRequestEntry
                            .builder().id(m.messageId()).receiptHandle(m.receiptHandle()).build()).toList()));
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException | IOException e) {
                if (closed) return;
                log.accept(name + ": polling " + queueUrl + " failed: " + e);
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    /** Concurrent pollers (batches in flight at most). */
    public int pollers() {
        return pollers.size();
    }

    /** The batch size in use (BatchSize, at most 10 without a batching window). */
    public int batchSize() {
        return batchSize;
    }

    private List<Message> receive(int max, int waitSeconds) {
        return sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(max).waitTimeSeconds(waitSeconds)
                .messageSystemAttributeNames(MessageSystemAttributeName.ALL).messageAttributeNames("All")).messages();
    }

    private Set<String> failedIds(byte[] payload) {
        Set<String> ids = new HashSet<>();
        try {
            JsonNode r = JSON.readTree(payload);
            if (r != null) for (JsonNode f : r.path("batchItemFailures")) ids.add(f.path("itemIdentifier").asText());
        } catch (IOException e) {
            log.accept(name + ": response is not JSON; the whole batch counts as processed");
        }
        return ids;
    }

    private ObjectNode event(List<Message> messages) {
        ObjectNode e = JSON.createObjectNode();
        ArrayNode records = e.putArray("Records");
        for (Message m : messages) {
            ObjectNode r = records.addObject();
            r.put("messageId", m.messageId());
            r.put("receiptHandle", m.receiptHandle());
            r.put("body", m.body());
            ObjectNode attrs = r.putObject("attributes");
            m.attributesAsStrings().forEach(attrs::put);
            ObjectNode mattrs = r.putObject("messageAttributes");
            m.messageAttributes().forEach((k, v) -> mattrs.set(k, attribute(v)));
            r.put("md5OfBody", m.md5OfBody());
            r.put("eventSource", "aws:sqs");
            r.put("eventSourceARN", queueArn);
            r.put("awsRegion", region);
        }
        return e;
    }

    private static ObjectNode attribute(MessageAttributeValue v) {
        ObjectNode a = JSON.createObjectNode();
        if (v.stringValue() != null) a.put("stringValue", v.stringValue());
        if (v.binaryValue() != null) a.put("binaryValue", java.util.Base64.getEncoder().encodeToString(v.binaryValue().asByteArray()));
        a.putArray("stringListValues");
        a.putArray("binaryListValues");
        a.put("dataType", v.dataType());
        return a;
    }

    @Override
    public void close() {
        closed = true;
        pollers.forEach(Thread::interrupt);
        for (Thread poller : pollers) {
            try {
                poller.join(3000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
