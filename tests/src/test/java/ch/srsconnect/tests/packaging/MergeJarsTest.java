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
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

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
