package ch.srsconnect.local.lambda;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;

/**
 * How function JVMs are run.
 *
 * @param region              AWS_REGION / AWS_DEFAULT_REGION of every function
 * @param accountId           for the invoked function ARN
 * @param platformEnvironment what the platform adds besides Lambda's own variables: dummy credentials, the
 *                            stand-ins' AWS_ENDPOINT_URL_* (the template's variables win over none of these: they
 *                            are disjoint by construction)
 * @param workDir             where deployment zips are unpacked
 * @param maxInstances        concurrent JVMs per function (1 = Lambda reserved concurrency 1)
 * @param initTimeout         a JVM that has not asked for work after this long is killed
 * @param logSink             receives every stdout/stderr line of every function JVM, prefixed with the function name
 */
public record LambdaRuntimeOptions(String region, String accountId, Map<String, String> platformEnvironment, Path workDir,
                                   int maxInstances, Duration initTimeout, Consumer<String> logSink) {
    public LambdaRuntimeOptions {
        platformEnvironment = Map.copyOf(platformEnvironment);
        if (maxInstances < 1) throw new IllegalArgumentException("maxInstances must be >= 1");
    }
}
