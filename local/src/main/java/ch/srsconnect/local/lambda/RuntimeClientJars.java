package ch.srsconnect.local.lambda;

import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Finds the jars of Lambda's Java runtime interface client (and what it needs: serialization, core) on the
 * local runtime's own class path (utils-lite: the client's one dependency outside Lambda's own artifacts), to put them on each function JVM's class path.
 */
public final class RuntimeClientJars {

    private static final List<String> ARTIFACTS = List.of(
            "aws-lambda-java-runtime-interface-client", "aws-lambda-java-serialization", "aws-lambda-java-core", "utils-lite");
    private static final List<String> MARKER_CLASSES = List.of(
            "com.amazonaws.services.lambda.runtime.api.client.AWSLambda",
            "com.amazonaws.services.lambda.runtime.serialization.PojoSerializer",
            "com.amazonaws.services.lambda.runtime.Context",
            "software.amazon.awssdk.utilslite.SdkInternalThreadLocal");

    private RuntimeClientJars() {}

    public static List<Path> find() {
        Set<Path> found = new LinkedHashSet<>();
        String cp = System.getProperty("java.class.path", "");
        for (String artifact : ARTIFACTS) {
            for (String entry : cp.split(File.pathSeparator)) {
                String fileName = Path.of(entry).getFileName() == null ? "" : Path.of(entry).getFileName().toString();
                if (fileName.startsWith(artifact + "-") && fileName.endsWith(".jar") && Files.isRegularFile(Path.of(entry))) {
                    found.add(Path.of(entry).toAbsolutePath());
                    break;
                }
            }
        }
        if (found.size() < ARTIFACTS.size()) {
            // class path given through a manifest (surefire, IDEs): ask the class loader where the classes come from
            for (String className : MARKER_CLASSES) {
                try {
                    Class<?> c = Class.forName(className, false, RuntimeClientJars.class.getClassLoader());
                    found.add(Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toAbsolutePath());
                } catch (ClassNotFoundException | URISyntaxException | NullPointerException e) {
                    throw new IllegalStateException("Lambda runtime interface client not found on the class path ("
                            + className + "): run through ./dev run, which builds local/target/lib", e);
                }
            }
        }
        return new ArrayList<>(found);
    }
}
