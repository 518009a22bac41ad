package ch.srsconnect.tests.packaging;

import ch.srsconnect.tests.TestEnvironment;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the build puts in each function zip (decisions 0055, 0060, 0061): one merged jar in lib/, which keeps the service
 * files, the licences and the multi-release versions of the jars it was made of, and the SDK's service metadata
 * replaced by the services srs-connect calls. The end-to-end tests run these zips; this says what they are.
 */
class FunctionZipsTest {

    static Stream<Path> zips() throws IOException {
        Path functions = TestEnvironment.projectRoot().resolve("functions");
        try (var dirs = Files.list(functions)) {
            List<Path> zips = dirs.map(d -> d.resolve("target").resolve(d.getFileName() + ".zip")).filter(Files::exists)
                    .sorted().toList();
            assertEquals(5, zips.size(), "one zip per function, built before the tests: " + zips);
            return zips.stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("zips")
    void libHoldsOneMergedJarThatMeansWhatTheSeparateJarsMeant(Path zip) throws Exception {
        Path jar = extractLibraries(zip);
        try (JarFile merged = new JarFile(jar.toFile())) {
            assertEquals("true", merged.getManifest().getMainAttributes().getValue("Multi-Release"),
                    "jackson-core is a multi-release jar");
            assertNotNull(merged.getEntry("META-INF/versions/17/com/fasterxml/jackson/core/internal/shaded/fdp/v2_18_2/FastDoubleSwar.class"),
                    "the versioned classes are kept");
            assertEquals("software.amazon.awssdk.http.urlconnection.UrlConnectionSdkHttpService\n",
                    text(merged, "META-INF/services/software.amazon.awssdk.http.SdkHttpService"));
            assertNotNull(merged.getEntry("META-INF/licenses/jackson-databind-2.18.2/LICENSE"), "licences kept per jar");
            assertNull(merged.getEntry("module-info.class"));
            assertTrue(merged.stream().noneMatch(e -> e.getName().startsWith("META-INF/") && e.getName().endsWith(".SF")));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("zips")
    void theServiceMetadataIsTheServicesWeCallWithTheSdksOwnClasses(Path zip) throws Exception {
        Path jar = extractLibraries(zip);
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
            Class<?> provider = loader.loadClass("software.amazon.awssdk.regions.GeneratedServiceMetadataProvider");
            Object instance = provider.getConstructor().newInstance();
            Method lookup = provider.getMethod("serviceMetadata", String.class);
            for (String service : List.of("dynamodb", "events", "secretsmanager", "sqs")) {
                Object metadata = lookup.invoke(instance, service);
                assertNotNull(metadata, service);
                assertEquals("software.amazon.awssdk.regions.servicemetadata."
                        + Character.toUpperCase(service.charAt(0)) + service.substring(1) + "ServiceMetadata",
                        metadata.getClass().getName());
            }
            assertNull(lookup.invoke(instance, "s3"), "other services fall back to the SDK's DefaultServiceMetadata");

            Class<?> serviceMetadata = loader.loadClass("software.amazon.awssdk.regions.ServiceMetadata");
            Object s3 = serviceMetadata.getMethod("of", String.class).invoke(null, "s3");
            assertEquals("software.amazon.awssdk.regions.DefaultServiceMetadata", s3.getClass().getName());
        }
        try (JarFile merged = new JarFile(jar.toFile())) {
            assertEquals(List.of("Dynamodb", "Events", "Secretsmanager", "Sqs"), merged.stream().map(ZipEntry::getName)
                    .filter(n -> n.startsWith("software/amazon/awssdk/regions/servicemetadata/"))
                    .map(n -> n.substring(n.lastIndexOf('/') + 1).replace("ServiceMetadata.class", "")).sorted().toList(),
                    "MergeJars --prune drops the metadata classes only the replaced provider named");
        }
    }

    /** DesugarLambdas (decision 0061): the SDK model's field getters are classes of the jar, and they still work. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("zips")
    void theSdksLambdasAreClassesOfTheJar(Path zip) throws Exception {
        Path jar = extractLibraries(zip);
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
            String model = "software.amazon.awssdk.services.secretsmanager.model.GetSecretValueRequest";
            Object builder = loader.loadClass(model).getMethod("builder").invoke(null);
            loader.loadClass(model + "$Builder").getMethod("secretId", String.class).invoke(builder, "the-secret");
            Object request = loader.loadClass("software.amazon.awssdk.utils.builder.SdkBuilder").getMethod("build")
                    .invoke(builder);
            Class<?> sdkField = loader.loadClass("software.amazon.awssdk.core.SdkField");
            Field getter = sdkField.getDeclaredField("getter");
            getter.setAccessible(true);
            for (Object field : (List<?>) loader.loadClass(model).getMethod("sdkFields").invoke(request)) {
                Class<?> lambda = getter.get(field).getClass();
                assertFalse(lambda.isHidden(), lambda + " is spun at run time");
                assertTrue(lambda.getName().contains(".$$Lambda$"), lambda.getName());
                if (sdkField.getMethod("memberName").invoke(field).equals("SecretId")) {
                    assertEquals("the-secret", sdkField.getMethod("getValueOrDefault", Object.class).invoke(field, request));
                }
            }
        }
    }

    private static Path extractLibraries(Path zip) throws IOException {
        try (ZipFile z = new ZipFile(zip.toFile())) {
            List<String> lib = z.stream().map(ZipEntry::getName).filter(n -> n.startsWith("lib/") && !n.endsWith("/")).toList();
            assertEquals(List.of("lib/libraries.jar"), lib, zip + ": lib/ is the merged jar only");
            Path out = Files.createTempFile("libraries-", ".jar");
            out.toFile().deleteOnExit();
            try (InputStream in = z.getInputStream(z.getEntry("lib/libraries.jar"))) {
                Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
            }
            assertTrue(Files.size(out) > 0);
            return out;
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
