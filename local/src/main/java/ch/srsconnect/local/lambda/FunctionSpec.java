package ch.srsconnect.local.lambda;

import java.nio.file.Path;
import java.util.Map;

/**
 * One function as the template declares it.
 *
 * @param name        the function name (AWS_LAMBDA_FUNCTION_NAME)
 * @param handler     {@code package.Class::method}
 * @param code        the deployment zip, or a directory laid out like one (classes at the root, jars in lib/)
 * @param memoryMb    MemorySize: the function JVM's -Xmx
 * @param timeoutSeconds Timeout: an invocation running longer gets an error and its JVM is killed
 * @param environment exactly the variables the template gives the function (intrinsics resolved)
 */
public record FunctionSpec(String name, String handler, Path code, int memoryMb, int timeoutSeconds,
                           Map<String, String> environment) {
    public FunctionSpec {
        environment = Map.copyOf(environment);
        if (memoryMb < 128) throw new IllegalArgumentException(name + ": MemorySize must be >= 128, got " + memoryMb);
        if (timeoutSeconds < 1) throw new IllegalArgumentException(name + ": Timeout must be >= 1, got " + timeoutSeconds);
    }
}
