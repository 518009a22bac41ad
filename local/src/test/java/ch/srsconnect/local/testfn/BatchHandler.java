package ch.srsconnect.local.testfn;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An SQS batch handler with partial failures: every record whose body contains "fail" is reported in
 * {@code batchItemFailures}; a record whose body contains "poison" fails the whole invocation (throws). Prints
 * {@code batch n=<records>} and one {@code record <body> from <arn> rc=<ApproximateReceiveCount>} line each.
 * Any other event (a schedule's) is logged as a tick, with the function's {@code POLL_TIME_SCALE}.
 */
public class BatchHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        List<Map<String, String>> failures = new ArrayList<>();
        if (event.get("Records") instanceof List<?> records) {
            System.out.println("batch n=" + records.size());
            boolean poison = false;
            for (Object o : records) {
                Map<?, ?> record = (Map<?, ?>) o;
                String body = String.valueOf(record.get("body"));
                Object receiveCount = record.get("attributes") instanceof Map<?, ?> a ? a.get("ApproximateReceiveCount") : null;
                System.out.println("record " + body + " from " + record.get("eventSourceARN") + " rc=" + receiveCount);
                if (body.contains("fail")) failures.add(Map.of("itemIdentifier", String.valueOf(record.get("messageId"))));
                if (body.contains("poison")) poison = true;
            }
            if (poison) throw new IllegalStateException("poison message in the batch");
        } else {
            System.out.println("tick " + event.get("detail-type") + " " + event.get("source") + " scale=" + System.getenv("POLL_TIME_SCALE"));
        }
        return Map.of("batchItemFailures", failures);
    }
}
