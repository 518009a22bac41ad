package ch.srsconnect.polling;

import ch.srsconnect.shared.Platform;
import ch.srsconnect.shared.json.Json;
import ch.srsconnect.shared.log.Log;
import ch.srsconnect.shared.log.LogContext;
import ch.srsconnect.shared.log.Metrics;
import ch.srsconnect.shared.polling.PollMessage;
import ch.srsconnect.shared.polling.PollSettings;
import ch.srsconnect.shared.polling.PollWorker;
import ch.srsconnect.shared.polling.Polling;
import ch.srsconnect.shared.polling.SqsBatch;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
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
 * The event is taken as a stream and bound to {@link SqsBatch} with the container's ObjectMapper (decision 0054).
 *
 * <p>Reads (template.yaml): {@code IDENTIFICATION_TABLE_NAME}, {@code POLL_QUEUE_URL}, {@code STATUS_EVENT_BUS_NAME},
 * {@code POLL_LEASE_SECONDS}, {@code POLL_LOOKUP_DEADLINE_MINUTES}, {@code POLL_TRACKING_LIMIT_HOURS},
 * {@code POLL_MAX_RECEIVE_COUNT}, {@code RA_BASE_URL}, {@code RA_AUTH}, {@code RA_CLIENT_CERTIFICATE_SECRET_ID},
 * {@code SRS_TEST_CALLBACK}, plus the SRS platform variables; with {@code TERMS_FLOW_ENABLED},
 * {@code SMARTFLOWS_BASE_URL} and {@code SMARTFLOWS_TOKEN_CACHE_SECRET_ID} (Smart Flows confirms can-sign).
 */
public final class PollWorkerHandler implements RequestStreamHandler {
    private static final Log LOG = Log.get(PollWorkerHandler.class);
    static final String POISON_METRIC = "PollPoisonMessages";

    private final PollWorker worker;
    private final int maxReceiveCount;

    /** Lambda's constructor: once per container. */
    public PollWorkerHandler() {
        this(Platform.forSwisscomCalls());
    }

    public PollWorkerHandler(Platform platform) {
        this(Polling.worker(platform, Clock.systemUTC()), PollSettings.fromConfig(platform.config()).maxReceiveCount());
    }

    public PollWorkerHandler(PollWorker worker, int maxReceiveCount) {
        this.worker = Objects.requireNonNull(worker);
        this.maxReceiveCount = maxReceiveCount;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        SqsBatch.Response response = handle(SqsBatch.read(input.readAllBytes()), context);
        output.write(Json.MAPPER.writeValueAsBytes(response));
    }

    /** One batch: the response names the messages that failed. */
    public SqsBatch.Response handle(SqsBatch batch, Context context) {
        LogContext.begin(context);
        List<SqsBatch.ItemFailure> failures = new ArrayList<>();
        try {
            for (SqsBatch.Message m : batch.records()) {
                if (!process(m)) {
                    failures.add(new SqsBatch.ItemFailure(m.messageId()));
                }
            }
            return new SqsBatch.Response(failures);
        } finally {
            LogContext.clearRequestId();
        }
    }

    private boolean process(SqsBatch.Message m) {
        PollMessage message;
        try {
            message = PollMessage.fromJson(m.body());
        } catch (IllegalArgumentException e) {
            LOG.error("poll message is not a poll message", "messageId", m.messageId(), "reason", e.getMessage());
            countPoisonOnLastDelivery(m);
            return false;
        }
        try {
            worker.process(message);
            return true;
        } catch (RuntimeException e) {
            LOG.error("poll failed", e, "messageId", m.messageId(), "id", message.id(), "receiveCount", m.receiveCount());
            countPoisonOnLastDelivery(m);
            return false;
        }
    }

    private void countPoisonOnLastDelivery(SqsBatch.Message m) {
        if (m.receiveCount() >= maxReceiveCount) {
            Metrics.count(POISON_METRIC, Map.of());
        }
    }
}
