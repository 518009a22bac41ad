package ch.srsconnect.local.testfn;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An SQS batch handler with partial failures: every record whose body contains "fail" is reported in
 * {@code batchItemFailures}. Any other event (a schedule's) is logged as a tick.
 */
public class BatchHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        List<Map<String, String>> failures = new ArrayList<>();
        if (event.get("Records") instanceof List<?> records) {
            for (Object o : records) {
                Map<?, ?> record = (Map<?, ?>) o;
                String body = String.valueOf(record.get("body"));
                System.out.println("record " + body + " from " + record.get("eventSourceARN"));
                if (body.contains("fail")) failures.add(Map.of("itemIdentifier", String.valueOf(record.get("messageId"))));
            }
        } else {
            System.out.println("tick " + event.get("detail-type") + " " + event.get("source"));
        }
        return Map.of("batchItemFailures", failures);
    }
}
