package ch.srsconnect.local.lambda;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.StandardCopyOption;
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

    /**
     * The system property that makes the runtime client load its JNI library from a given path. Without it the
     * client copies the library to the fixed path {@code /tmp/.libaws-lambda-jni.so} (replacing it) on every JVM
     * start, and a JVM starting while another one maps that file dies of SIGBUS in the dynamic loader — seen with
     * two instances of one function, or two functions, starting at once.
     */
    public static final String JNI_LIBRARY_PROPERTY = "com.amazonaws.services.lambda.runtime.api.client.runtimeapi.NativeClient.JNI";

    private static final Object EXTRACT_LOCK = new Object();

    private RuntimeClientJars() {}

    /**
     * Extracts this platform's JNI library of the runtime client once into {@code dir} (a new file, written
     * completely before it is visible under its final name), for {@link #JNI_LIBRARY_PROPERTY}.
     */
    public static Path nativeLibrary(Path dir) {
        String arch = System.getProperty("os.arch").contains("aarch64") ? "aarch_64" : "x86_64";
        String name = "libaws-lambda-jni.linux-" + arch + ".so";
        Path target = dir.resolve(name);
        synchronized (EXTRACT_LOCK) {
            if (Files.isRegularFile(target)) {
                return target;
            }
            try (InputStream in = loadClass("com.amazonaws.services.lambda.runtime.api.client.AWSLambda")
                    .getResourceAsStream("/jni/" + name)) {
                if (in == null) {
                    throw new IllegalStateException("the runtime interface client has no JNI library " + name);
                }
                Files.createDirectories(dir);
                Path partial = Files.createTempFile(dir, name, ".part");
                Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
                Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                return target;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot extract the runtime client's JNI library into " + dir, e);
            }
        }
    }

    private static Class<?> loadClass(String name) {
        try {
            return Class.forName(name, false, RuntimeClientJars.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("Lambda runtime interface client not found on the class path", e);
        }
    }

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
