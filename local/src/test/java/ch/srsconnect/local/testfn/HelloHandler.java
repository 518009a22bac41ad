package ch.srsconnect.local.testfn;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A bare hello-world Lambda handler: the local runtime's own tests run it through the real runtime client, and
 * the cold-start benchmark uses it as the floor (a JVM + runtime client + nothing else).
 *
 * <p>Event fields: {@code name} (greeted), {@code fail} (throws with that message), {@code sleepMs} (sleeps),
 * {@code exit} (System.exit with that status), {@code env} (names of environment variables to echo back; also
 * read from an HTTP API event's {@code ?env=A,B}).
 */
public class HelloHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    private static final long LOADED_AT = System.currentTimeMillis();
    private static int invocations;

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        invocations++;
        if (event.get("fail") != null) {
            throw new IllegalStateException(String.valueOf(event.get("fail")));
        }
        if (event.get("exit") != null) {
            System.exit(Integer.parseInt(String.valueOf(event.get("exit"))));
        }
        if (event.get("sleepMs") != null) {
            try {
                Thread.sleep(Long.parseLong(String.valueOf(event.get("sleepMs"))));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        System.out.println("hello handler invoked: " + context.getAwsRequestId());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("hello", event.getOrDefault("name", "world"));
        out.put("requestId", context.getAwsRequestId());
        out.put("functionName", context.getFunctionName());
        out.put("memoryLimitInMB", context.getMemoryLimitInMB());
        out.put("remainingTimeMs", context.getRemainingTimeInMillis());
        out.put("invocations", invocations);
        out.put("loadedAt", LOADED_AT);
        Object names = event.get("env");
        if (event.get("queryStringParameters") instanceof Map<?, ?> query && query.get("env") != null) {
            names = java.util.List.of(String.valueOf(query.get("env")).split(","));
        }
        if (names instanceof Iterable<?> list) {
            Map<String, String> env = new LinkedHashMap<>();
            for (Object n : list) env.put(String.valueOf(n), System.getenv(String.valueOf(n)));
            out.put("env", env);
        }
        out.put("envCount", System.getenv().size());
        return out;
    }
}
