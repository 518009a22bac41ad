package ch.srsconnect.tests.packaging;

import ch.srsconnect.tests.TestEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.tools.ToolProvider;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** functions/MergeJars.java, run as the build runs it (the JDK's source launcher), on jars made here. */
class MergeJarsTest {
    @TempDir
    Path dir;

    @Test
    void theFirstJarInNameOrderWinsServicesAreJoinedLicencesKeptAndSignaturesDropped() throws Exception {
        jar("b.jar", Map.of("x/Same.class", "same", "META-INF/services/s.Spi", "# b's licence header\nb.Impl\n",
                "META-INF/LICENSE", "b licence", "META-INF/B.SF", "signature", "module-info.class", "module b",
                "x/res.txt", "from b"));
        jar("a.jar", Map.of("x/Same.class", "same", "META-INF/services/s.Spi", "a.Impl\nb.Impl\n",
                "META-INF/LICENSE", "a licence", "x/res.txt", "from a"));
        Path out = dir.resolve("out/libraries.jar");

        Run run = merge(out.toString(), dir.resolve("a.jar").toString(), dir.resolve("b.jar").toString());

        assertEquals(0, run.exit(), run.output());
        try (JarFile merged = new JarFile(out.toFile())) {
            assertEquals("from a", text(merged, "x/res.txt"), "a.jar comes first, as Lambda's class loader orders lib/");
            assertEquals("a.Impl\nb.Impl\n", text(merged, "META-INF/services/s.Spi"));
            assertEquals("a licence", text(merged, "META-INF/licenses/a/LICENSE"));
            assertEquals("b licence", text(merged, "META-INF/licenses/b/LICENSE"));
            assertNull(merged.getEntry("META-INF/B.SF"));
            assertNull(merged.getEntry("module-info.class"));
            assertNull(merged.getManifest().getMainAttributes().getValue("Multi-Release"));
        }
        byte[] again = Files.readAllBytes(out);
        assertEquals(0, merge(out.toString(), dir.toString()).exit());
        assertArrayEquals(again, Files.readAllBytes(out), "the same jars give the same bytes");
    }

    @Test
    void aClassThatDiffersBetweenJarsStopsTheBuild() throws Exception {
        jar("a.jar", Map.of("x/C.class", "one"));
        jar("b.jar", Map.of("x/C.class", "two"));

        Run run = merge(dir.resolve("out.jar").toString(), dir.toString());

        assertNotEquals(0, run.exit());
        assertTrue(run.output().contains("x/C.class (a.jar, b.jar)"), run.output());
    }

    @Test
    void anOverrideReplacesTheJarsCopyAndOneThatReplacesNothingStopsTheBuild() throws Exception {
        jar("a.jar", Map.of("x/C.class", "original"));
        Path overrides = Files.createDirectories(dir.resolve("overrides/x"));
        Files.writeString(overrides.resolve("C.class"), "ours");
        Path out = dir.resolve("out.jar");

        Run run = merge("--override", dir.resolve("overrides").toString(), out.toString(), dir.resolve("a.jar").toString());
        assertEquals(0, run.exit(), run.output());
        try (JarFile merged = new JarFile(out.toFile())) {
            assertEquals("ours", text(merged, "x/C.class"));
        }

        Files.writeString(overrides.resolve("Gone.class"), "renamed upstream");
        Run stale = merge("--override", dir.resolve("overrides").toString(), out.toString(), dir.resolve("a.jar").toString());
        assertNotEquals(0, stale.exit());
        assertTrue(stale.output().contains("x/Gone.class overrides nothing"), stale.output());
    }

    @Test
    void pruneDropsThePackagesClassesThatNoKeptClassOrServiceFileNames() throws Exception {
        Path src = Files.createDirectories(dir.resolve("src"));
        write(src, "p/Used.java", "package p; public class Used { public static Object next() { return new Chained(); } }");
        write(src, "p/Chained.java", "package p; class Chained { }");
        write(src, "p/Unused.java", "package p; public class Unused { static class Inner { } }");
        write(src, "p/ViaService.java", "package p; public class ViaService implements Runnable { public void run() { } }");
        write(src, "p/sub/Deeper.java", "package p.sub; public class Deeper { }");
        write(src, "x/User.java", "package x; public class User { Object used = p.Used.next(); }");
        Path classes = Files.createDirectories(dir.resolve("classes"));
        List<String> args = new ArrayList<>(List.of("-d", classes.toString()));
        try (var files = Files.walk(src)) {
            files.filter(f -> f.toString().endsWith(".java")).forEach(f -> args.add(f.toString()));
        }
        assertEquals(0, ToolProvider.getSystemJavaCompiler().run(null, null, null, args.toArray(String[]::new)));
        Map<String, byte[]> entries = new TreeMap<>();
        try (var files = Files.walk(classes)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                entries.put(classes.relativize(f).toString().replace('\\', '/'), Files.readAllBytes(f));
            }
        }
        entries.put("META-INF/services/java.lang.Runnable", "p.ViaService\n".getBytes(StandardCharsets.UTF_8));
        jarOfBytes("a.jar", entries);
        Path out = dir.resolve("out.jar");

        Run run = merge("--prune", "p", out.toString(), dir.resolve("a.jar").toString());

        assertEquals(0, run.exit(), run.output());
        assertTrue(run.output().contains("2 unreferenced classes pruned"), run.output());
        try (JarFile merged = new JarFile(out.toFile())) {
            List<String> names = merged.stream().map(ZipEntry::getName).filter(n -> n.endsWith(".class")).sorted().toList();
            assertEquals(List.of("p/Chained.class", "p/Used.class", "p/ViaService.class", "p/sub/Deeper.class",
                    "x/User.class"), names, "Used is named by User, Chained by Used, ViaService by a service file; "
                    + "Unused and its inner class by nothing, and subpackages are not pruned");
        }
    }

    private static void write(Path root, String file, String text) throws IOException {
        Path f = root.resolve(file);
        Files.createDirectories(f.getParent());
        Files.writeString(f, text);
    }

    private void jarOfBytes(String name, Map<String, byte[]> entries) throws IOException {
        try (OutputStream file = Files.newOutputStream(dir.resolve(name)); ZipOutputStream zip = new ZipOutputStream(file)) {
            for (var e : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue());
                zip.closeEntry();
            }
        }
    }

    private record Run(int exit, String output) {
    }

    private Run merge(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                TestEnvironment.projectRoot().resolve("functions/MergeJars.java").toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Run(p.waitFor(), output);
    }

    private void jar(String name, Map<String, String> entries) throws IOException {
        try (OutputStream file = Files.newOutputStream(dir.resolve(name)); ZipOutputStream zip = new ZipOutputStream(file)) {
            for (var e : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue().getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
    }

    private static String text(JarFile jar, String name) throws IOException {
        ZipEntry e = jar.getEntry(name);
        assertNotNull(e, name);
        try (InputStream in = jar.getInputStream(e)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
