package ch.srsconnect.shared.polling;

import ch.srsconnect.shared.aws.AwsClients;
import ch.srsconnect.shared.config.Config;
import ch.srsconnect.shared.config.EnvVar;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/** Poll messages on the SQS poll queue, batches of 10, {@code DelaySeconds} = time left (0..900, rounded up). */
public final class SqsPollQueue implements PollPorts.Queue {
    private final SqsClient sqs;
    private final String queueUrl;

    public SqsPollQueue(SqsClient sqs, String queueUrl) {
        this.sqs = Objects.requireNonNull(sqs);
        this.queueUrl = Objects.requireNonNull(queueUrl);
    }

    /** On {@code POLL_QUEUE_URL}, with the container's SQS client settings. */
    public static SqsPollQueue fromConfig(Config c) {
        SqsClient sqs = AwsClients.configure(SqsClient.builder(), c, EnvVar.AWS_ENDPOINT_URL_SQS)
                .httpClient(AwsClients.httpClient()).build();
        return new SqsPollQueue(sqs, c.string(PollSettings.POLL_QUEUE_URL));
    }

    static int delaySeconds(Instant at, Instant now) {
        long ms = Duration.between(now, at).toMillis();
        if (ms <= 0) {
            return 0;
        }
        return (int) Math.min(PollSettings.SQS_MAX_DELAY.toSeconds(), (ms + 999) / 1000);
    }

    @Override
    public void send(List<PollMessage> messages, Instant now) {
        for (int from = 0; from < messages.size(); from += 10) {
            List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
            List<PollMessage> chunk = messages.subList(from, Math.min(messages.size(), from + 10));
            for (int i = 0; i < chunk.size(); i++) {
                PollMessage m = chunk.get(i);
                entries.add(SendMessageBatchRequestEntry.builder().id(Integer.toString(i)).messageBody(m.toJson())
                        .delaySeconds(delaySeconds(m.at(), now)).build());
            }
            SendMessageBatchResponse r = sqs.sendMessageBatch(b -> b.queueUrl(queueUrl).entries(entries));
            if (r.hasFailed() && !r.failed().isEmpty()) {
                throw new IllegalStateException(r.failed().size() + " poll messages were not sent: " + r.failed().get(0).code());
            }
        }
    }
}
