package ch.srsconnect.local.lambda;

import ch.srsconnect.local.testfn.HelloHandler;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Builds a deployment zip of {@link HelloHandler} laid out as functions/lambda-zip.xml lays out real ones. */
public final class HelloFunction {

    public static final String HANDLER = HelloHandler.class.getName() + "::handleRequest";

    private HelloFunction() {}

    public static Path zip(Path dir) {
        try {
            Path classes = Path.of(HelloHandler.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            String pkg = HelloHandler.class.getPackageName().replace('.', '/');
            Path zip = dir.resolve("hello.zip");
            try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip));
                 Stream<Path> files = Files.list(classes.resolve(pkg))) {
                out.putNextEntry(new ZipEntry("lib/"));
                out.closeEntry();
                for (Path f : files.toList()) {
                    out.putNextEntry(new ZipEntry(pkg + "/" + f.getFileName()));
                    Files.copy(f, out);
                    out.closeEntry();
                }
            }
            return zip;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

}
