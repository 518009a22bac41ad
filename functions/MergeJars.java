import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Build step of a function zip (decision 0060): merges the jars of its {@code lib/} into one. Lambda's runtime
 * client loads the function's classes with a class loader over every jar of {@code lib/}, in name order, so each
 * class it loads was looked up in every jar before the one that has it; with about 36 jars and 5000 classes that
 * was a measurable part of the cold start (docs/performance.md).
 *
 * <p>The merged jar means the same to a class loader as the jars did:
 * <ul>
 *   <li>jars are read in name order, as the runtime client orders them, and the first copy of an entry wins;</li>
 *   <li>a class (or a multi-release version of one) present in two jars with different bytes stops the build: which
 *       one a loader took would depend on the order;</li>
 *   <li>{@code META-INF/services} files are joined; licence and notice files are kept per jar under
 *       {@code META-INF/licenses/<jar>/}; signatures, indexes and {@code module-info} are dropped (a class path jar
 *       is not a module), and the manifest says {@code Multi-Release: true} if one of the jars did.</li>
 * </ul>
 * Entries get a fixed time, so the same jars give the same bytes.
 *
 * <p>{@code --override <dir>} puts the classes of a directory in place of the jars' copies (the SDK class of
 * {@code functions/sdk-overrides}); an override that replaces nothing stops the build, so a library that renames
 * the class is noticed. {@code --prune <package>} drops the classes of a package (not its subpackages) that no kept
 * class or service file names: the SDK's 300 service metadata classes that only the replaced provider named (about
 * 730 KB of each zip, decision 0061). No dependencies: it runs with the JDK's source launcher on JDK 21 and newer.
 * Usage: {@code java MergeJars.java [--override <dir>] [--prune <package>]... <out.jar> <jar or directory of jars>...}
 */
public final class MergeJars {
    /** 1980-02-01: the DOS epoch plus a month, so that no zip tool shows a time zone shifted date before 1980. */
    private static final long FIXED_TIME = 318_211_200_000L;

    public static void main(String[] args) throws IOException {
        List<String> rest = new ArrayList<>(Arrays.asList(args));
        Path overrides = null;
        if (rest.size() > 1 && rest.getFirst().equals("--override")) {
            overrides = Path.of(rest.get(1));
            rest = rest.subList(2, rest.size());
        }
        List<String> prune = new ArrayList<>();
        while (rest.size() > 1 && rest.getFirst().equals("--prune")) {
            prune.add(rest.get(1).replace('.', '/').replaceAll("/$", ""));
            rest = rest.subList(2, rest.size());
        }
        if (rest.size() < 2) {
            throw new IllegalArgumentException("usage: java MergeJars.java [--override <dir>] [--prune <package>]... "
                    + "<out.jar> <jar or directory>...");
        }
        List<Path> jars = inputs(rest.stream().skip(1).map(Path::of).toList());
        Merged merged = new Merged();
        if (overrides != null) {
            merged.override(overrides);
        }
        for (Path jar : jars) {
            merged.add(jar);
        }
        merged.overridden.forEach((name, replaced) -> {
            if (!replaced) {
                merged.conflicts.add(name + " overrides nothing: no jar has it");
            }
        });
        if (!merged.conflicts.isEmpty()) {
            throw new IllegalStateException("cannot merge: " + String.join("; ", merged.conflicts));
        }
        int pruned = 0;
        for (String pkg : prune) {
            pruned += merged.prune(pkg);
        }
        merged.write(Path.of(rest.getFirst()));
        System.out.printf("MergeJars: %d jars%s%s -> %s (%d entries)%n", jars.size(),
                merged.overridden.isEmpty() ? "" : ", " + merged.overridden.size() + " overridden",
                prune.isEmpty() ? "" : ", " + pruned + " unreferenced classes pruned", rest.getFirst(),
                merged.entries.size());
    }

    /** The jars, directories expanded, in file name order as Lambda's runtime client orders lib/. */
    static List<Path> inputs(List<Path> given) throws IOException {
        List<Path> jars = new ArrayList<>();
        for (Path p : given) {
            if (Files.isDirectory(p)) {
                try (var s = Files.list(p)) {
                    s.filter(f -> f.getFileName().toString().endsWith(".jar")).forEach(jars::add);
                }
            } else {
                jars.add(p);
            }
        }
        jars.sort(Comparator.comparing(p -> p.getFileName().toString()));
        return jars;
    }

    static final class Merged {
        final Map<String, byte[]> entries = new LinkedHashMap<>();
        final Map<String, String> origin = new LinkedHashMap<>();
        final Map<String, Set<String>> services = new TreeMap<>();
        final List<String> conflicts = new ArrayList<>();
        /** Override entries, and whether a jar had the entry each one replaces. */
        final Map<String, Boolean> overridden = new TreeMap<>();
        boolean multiRelease;

        void override(Path dir) throws IOException {
            try (var files = Files.walk(dir)) {
                for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                    String name = dir.relativize(f).toString().replace('\\', '/');
                    entries.put(name, Files.readAllBytes(f));
                    origin.put(name, "override");
                    overridden.put(name, false);
                }
            }
        }

        void add(Path jar) throws IOException {
            String jarName = jar.getFileName().toString();
            try (JarFile zip = new JarFile(jar.toFile(), false)) {
                Manifest manifest = zip.getManifest();
                if (manifest != null && "true".equalsIgnoreCase(
                        manifest.getMainAttributes().getValue(Attributes.Name.MULTI_RELEASE))) {
                    multiRelease = true;
                }
                for (ZipEntry e : zip.stream().toList()) {
                    if (!e.isDirectory()) {
                        add(jarName, e.getName(), read(zip, e));
                    }
                }
            }
        }

        private void add(String jarName, String name, byte[] bytes) {
            String upper = name.toUpperCase(Locale.ROOT);
            if (dropped(name, upper)) {
                return;
            }
            if (name.startsWith("META-INF/services/")) {
                String text = new String(bytes, StandardCharsets.UTF_8);
                Set<String> lines = services.computeIfAbsent(name, k -> new LinkedHashSet<>());
                text.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).forEach(lines::add);
                return;
            }
            if (licence(upper)) {
                name = "META-INF/licenses/" + jarName.replaceFirst("\\.jar$", "") + "/" + name.substring(name.lastIndexOf('/') + 1);
            }
            if (overridden.containsKey(name)) {
                overridden.put(name, true);
                return;
            }
            byte[] first = entries.putIfAbsent(name, bytes);
            if (first == null) {
                origin.put(name, jarName);
            } else if (name.endsWith(".class") && !Arrays.equals(first, bytes)) {
                conflicts.add(name + " (" + origin.get(name) + ", " + jarName + ")");
            }
        }

        private static boolean dropped(String name, String upper) {
            return upper.equals("META-INF/MANIFEST.MF") || upper.equals("META-INF/INDEX.LIST")
                    || name.endsWith("module-info.class")
                    || upper.startsWith("META-INF/") && upper.indexOf('/', 9) < 0
                    && (upper.endsWith(".SF") || upper.endsWith(".RSA") || upper.endsWith(".DSA") || upper.endsWith(".EC"));
        }

        private static boolean licence(String upper) {
            if (!upper.startsWith("META-INF/") || upper.indexOf('/', 9) >= 0) {
                return false;
            }
            String file = upper.substring(9);
            return file.startsWith("LICENSE") || file.startsWith("NOTICE") || file.startsWith("LICENCE");
        }

        /**
         * Drops the classes directly in {@code pkg} that no other kept class names in its constant pool, and no
         * service file lists (an inner class goes with its outer class). Returns how many were dropped.
         */
        int prune(String pkg) {
            Pattern name = Pattern.compile(Pattern.quote(pkg + "/") + "[A-Za-z0-9_]+");
            Set<String> candidates = new TreeSet<>();
            entries.keySet().stream().filter(n -> n.endsWith(".class") && n.startsWith(pkg + "/")
                    && n.indexOf('/', pkg.length() + 1) < 0).forEach(candidates::add);
            Set<String> referenced = new HashSet<>();
            services.values().forEach(lines -> lines.forEach(l -> referenced.add(l.replace('.', '/'))));
            List<String> scan = new ArrayList<>(entries.keySet().stream()
                    .filter(n -> n.endsWith(".class") && !candidates.contains(n)).toList());
            Set<String> kept = new HashSet<>();
            while (!scan.isEmpty()) {
                for (String entry : scan) {
                    for (String utf8 : constantStrings(entries.get(entry))) {
                        name.matcher(utf8).results().forEach(m -> referenced.add(m.group()));
                    }
                }
                scan = candidates.stream().filter(c -> !kept.contains(c)
                        && referenced.contains(c.substring(0, c.length() - ".class".length()).replaceFirst("\\$.*", "")))
                        .toList();
                kept.addAll(scan);
            }
            candidates.removeAll(kept);
            candidates.forEach(entries::remove);
            return candidates.size();
        }

        /** The UTF-8 constants of a class file's constant pool. */
        static List<String> constantStrings(byte[] c) {
            List<String> out = new ArrayList<>();
            int count = u2(c, 8);
            int at = 10;
            for (int i = 1; i < count; i++) {
                int tag = c[at] & 0xFF;
                switch (tag) {
                    case 1 -> {
                        int length = u2(c, at + 1);
                        out.add(new String(c, at + 3, length, StandardCharsets.UTF_8));
                        at += 3 + length;
                    }
                    case 7, 8, 16, 19, 20 -> at += 3;
                    case 15 -> at += 4;
                    case 3, 4, 9, 10, 11, 12, 17, 18 -> at += 5;
                    case 5, 6 -> {
                        at += 9;
                        i++;
                    }
                    default -> throw new IllegalArgumentException("constant pool tag " + tag);
                }
            }
            return out;
        }

        private static int u2(byte[] b, int at) {
            return ((b[at] & 0xFF) << 8) | (b[at + 1] & 0xFF);
        }

        void write(Path out) throws IOException {
            Files.createDirectories(out.toAbsolutePath().getParent());
            try (OutputStream file = Files.newOutputStream(out); ZipOutputStream zip = new ZipOutputStream(file)) {
                put(zip, "META-INF/MANIFEST.MF", manifest());
                for (var e : services.entrySet()) {
                    put(zip, e.getKey(), (String.join("\n", e.getValue()) + "\n").getBytes(StandardCharsets.UTF_8));
                }
                for (var e : entries.entrySet()) {
                    put(zip, e.getKey(), e.getValue());
                }
            }
        }

        private byte[] manifest() throws IOException {
            Manifest m = new Manifest();
            m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
            m.getMainAttributes().putValue("Created-By", "MergeJars (srs-connect functions/MergeJars.java)");
            if (multiRelease) {
                m.getMainAttributes().put(Attributes.Name.MULTI_RELEASE, "true");
            }
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            m.write(b);
            return b.toByteArray();
        }

        private static void put(ZipOutputStream zip, String name, byte[] bytes) throws IOException {
            ZipEntry e = new ZipEntry(name);
            e.setTime(FIXED_TIME);
            zip.putNextEntry(e);
            zip.write(bytes);
            zip.closeEntry();
        }

        private static byte[] read(ZipFile zip, ZipEntry e) throws IOException {
            try (InputStream in = zip.getInputStream(e)) {
                return in.readAllBytes();
            }
        }
    }
}
