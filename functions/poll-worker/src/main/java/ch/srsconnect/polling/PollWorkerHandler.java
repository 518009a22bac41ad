package ch.srsconnect.polling;

import ch.srsconnect.shared.Platform;
import ch.srsconnect.shared.log.Log;
import ch.srsconnect.shared.log.LogContext;
import ch.srsconnect.shared.log.Metrics;
import ch.srsconnect.shared.polling.PollMessage;
import ch.srsconnect.shared.polling.PollSettings;
import ch.srsconnect.shared.polling.PollWorker;
import ch.srsconnect.shared.polling.Polling;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * SQS poll queue ({@code ReportBatchItemFailures}): one poll per message. A message that fails is reported as
 * a batch item failure and redelivered after the visibility timeout; the other messages of the batch are
 * deleted. The delivery that fails for the {@code POLL_MAX_RECEIVE_COUNT}-th time goes to the DLQ and is
 * counted as metric {@code PollPoisonMessages} (no dimensions: one alarm covers it; the log line says why).
 *
 * <p>Reads (template.yaml): {@code IDENTIFICATION_TABLE_NAME}, {@code POLL_QUEUE_URL}, {@code STATUS_EVENT_BUS_NAME},
 * {@code POLL_LEASE_SECONDS}, {@code POLL_LOOKUP_DEADLINE_MINUTES}, {@code POLL_TRACKING_LIMIT_HOURS},
 * {@code POLL_MAX_RECEIVE_COUNT}, {@code RA_BASE_URL}, {@code RA_AUTH}, {@code RA_CLIENT_CERTIFICATE_SECRET_ID},
 * {@code SRS_TEST_CALLBACK}, plus the SRS platform variables; with {@code TERMS_FLOW_ENABLED},
 * {@code SMARTFLOWS_BASE_URL} and {@code SMARTFLOWS_TOKEN_CACHE_SECRET_ID} (Smart Flows confirms can-sign).
 */
public final class PollWorkerHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
    private static final Log LOG = Log.get(PollWorkerHandler.class);
    static final String POISON_METRIC = "PollPoisonMessages";

    private final PollWorker worker;
    private final int maxReceiveCount;

    /** Lambda's constructor: once per container. */
    public PollWorkerHandler() {
        this(Platform.fromEnv());
    }

    public PollWorkerHandler(Platform platform) {
        this(Polling.worker(platform, Clock.systemUTC()), PollSettings.fromConfig(platform.config()).maxReceiveCount());
    }

    public PollWorkerHandler(PollWorker worker, int maxReceiveCount) {
        this.worker = Objects.requireNonNull(worker);
        this.maxReceiveCount = maxReceiveCount;
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        LogContext.begin(context);
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        try {
            List<SQSEvent.SQSMessage> records = event == null || event.getRecords() == null ? List.of() : event.getRecords();
            for (SQSEvent.SQSMessage m : records) {
                PollMessage message;
                try {
                    message = PollMessage.fromJson(m.getBody());
                } catch (IllegalArgumentException e) {
                    LOG.error("poll message is not a poll message", "messageId", m.getMessageId(), "reason", e.getMessage());
                    if (receiveCount(m) >= maxReceiveCount) {
                        Metrics.count(POISON_METRIC, Map.of());
                    }
                    failures.add(new SQSBatchResponse.BatchItemFailure(m.getMessageId()));
                    continue;
                }
                try {
                    worker.process(message);
                } catch (RuntimeException e) {
                    int received = receiveCount(m);
                    LOG.error("poll failed", e, "messageId", m.getMessageId(), "id", message.id(), "receiveCount", received);
                    if (received >= maxReceiveCount) {
                        Metrics.count(POISON_METRIC, Map.of());
                    }
                    failures.add(new SQSBatchResponse.BatchItemFailure(m.getMessageId()));
                }
            }
            return new SQSBatchResponse(failures);
        } finally {
            LogContext.clearRequestId();
        }
    }

    static int receiveCount(SQSEvent.SQSMessage m) {
        Map<String, String> a = m.getAttributes();
        String v = a == null ? null : a.get("ApproximateReceiveCount");
        try {
            return v == null ? 1 : Integer.parseInt(v);
        } catch (NumberFormatException e) {
            return 1;
        }
    }
}
