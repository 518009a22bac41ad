package ch.srsconnect.local.lambda;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Cold-start floor: the bare {@link ch.srsconnect.local.testfn.HelloHandler} started exactly as the local runtime
 * starts a real function (own JVM, Lambda's runtime client, Runtime API served here). Prints JVM start → first
 * response per run and the median. Not a test: run it with
 * <pre>
 * ./mvnw -q -pl local -am package -DskipTests     (compiles the test classes too)
 * java -cp "local/target/test-classes:local/target/classes:local/target/lib/*" ch.srsconnect.local.lambda.HelloColdStartBench [runs] [memoryMb]
 * </pre>
 */
public final class HelloColdStartBench {

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int memory = args.length > 1 ? Integer.parseInt(args[1]) : 512;
        Path dir = Files.createTempDirectory("hello-bench");
        Path zip = HelloFunction.zip(dir);
        List<Long> startToFirst = new ArrayList<>();
        List<Long> warm = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            try (LambdaFunction f = new LambdaFunction(
                    new FunctionSpec("HelloBench", HelloFunction.HANDLER, zip, memory, 10, Map.of()),
                    new LambdaRuntimeOptions("eu-central-2", "000000000000", Map.of(), dir.resolve("work"), 1,
                            Duration.ofSeconds(60), line -> { }))) {
                f.invokeSync("{\"name\":\"bench\"}");
                f.invokeSync("{\"name\":\"bench\"}");
                List<InvocationStat> s = f.invocationStats();
                startToFirst.add(s.get(0).jvmStartToFirstResponseMs());
                warm.add(s.get(1).durationMs());
            }
        }
        List<Long> sorted = startToFirst.stream().sorted().toList();
        System.out.printf("hello-world cold start (JVM start -> first response), %d runs, -Xmx%dm: median %d ms, min %d ms, max %d ms%n",
                runs, memory, sorted.get(sorted.size() / 2), sorted.getFirst(), sorted.getLast());
        System.out.printf("warm invocation duration: median %d ms%n", warm.stream().sorted().toList().get(warm.size() / 2));
        System.out.println("all runs (ms): " + startToFirst);
    }

    private HelloColdStartBench() {}
}
