package ch.srsconnect.tests.packaging;

import ch.srsconnect.tests.TestEnvironment;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * functions/DesugarLambdas.java, run as the build runs it (the JDK's source launcher), on the lambda shapes of
 * {@code desugar-sample/} compiled as the SDK is (Java 8 class files) and as our code is (Java 21): the rewritten
 * classes pass the JVM's verifier, give the same results, and no lambda of theirs is spun at run time.
 */
class DesugarLambdasTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"8", "21"})
    void theRewrittenClassesBehaveAsBeforeWithoutSpinningLambdas(String release) throws Exception {
        Path original = compileToJar(release);
        Path desugared = Files.copy(original, dir.resolve("desugared.jar"));

        Run run = desugar(desugared);

        assertEquals(0, run.exit(), run.output());
        // the serializable lambda (altMetafactory: its own call site and the one of $deserializeLambda$) stays
        assertTrue(run.output().contains("kept {altMetafactory=2}"), run.output());
        try (URLClassLoader before = loader(original); URLClassLoader after = loader(desugared)) {
            String expected = (String) before.loadClass("sample.Sample").getMethod("run").invoke(null);
            assertTrue(expected.contains("child sample|fieldsample|") && expected.endsWith("229,"), expected);
            assertEquals(expected, after.loadClass("sample.Sample").getMethod("run").invoke(null));

            List<?> lambdas = (List<?>) after.loadClass("sample.Sample").getMethod("lambdas").invoke(null);
            for (Object lambda : lambdas) {
                assertFalse(lambda.getClass().isHidden(), lambda.getClass() + " was spun at run time");
                assertTrue(lambda.getClass().getName().startsWith("sample.$$Lambda$"), lambda.getClass().getName());
            }
            List<?> spun = (List<?>) before.loadClass("sample.Sample").getMethod("lambdas").invoke(null);
            assertTrue(spun.stream().allMatch(l -> l.getClass().isHidden()), "the original's lambdas are spun");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"21"})
    void theSameJarGivesTheSameBytes(String release) throws Exception {
        Path first = Files.copy(compileToJar(release), dir.resolve("first.jar"));
        Path second = Files.copy(first, dir.resolve("second.jar"));

        assertEquals(0, desugar(first).exit());
        assertEquals(0, desugar(second).exit());

        assertArrayEquals(Files.readAllBytes(first), Files.readAllBytes(second));
    }

    private Path compileToJar(String release) throws IOException {
        Path sources = TestEnvironment.projectRoot().resolve("tests/src/test/resources/desugar-sample");
        Path classes = Files.createDirectories(dir.resolve("classes-" + release));
        List<String> args = new ArrayList<>(List.of("--release", release, "-nowarn", "-Xlint:-options", "-d",
                classes.toString()));
        try (Stream<Path> files = Files.walk(sources)) {
            files.filter(f -> f.toString().endsWith(".java")).forEach(f -> args.add(f.toString()));
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertEquals(0, javac.run(null, null, null, args.toArray(String[]::new)), "the sample compiles");
        Path jar = dir.resolve("sample-" + release + ".jar");
        try (OutputStream file = Files.newOutputStream(jar); ZipOutputStream zip = new ZipOutputStream(file);
             Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                zip.putNextEntry(new ZipEntry(classes.relativize(f).toString().replace('\\', '/')));
                zip.write(Files.readAllBytes(f));
                zip.closeEntry();
            }
        }
        return jar;
    }

    private static URLClassLoader loader(Path jar) throws IOException {
        return new URLClassLoader(new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader());
    }

    private record Run(int exit, String output) {
    }

    private static Run desugar(Path jar) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                TestEnvironment.projectRoot().resolve("functions/DesugarLambdas.java").toString(), jar.toString())
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Run(p.waitFor(), output);
    }
}
