package ch.srsconnect.tests.template;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Which environment variables the code reads, and which of them each function needs.
 *
 * <p>Source of truth: the shared constants class {@code ch.srsconnect.shared.config.EnvVar}, loaded from the test
 * class path. Its names are the compile-checked constants the code reads through ({@code Config} takes an
 * {@code EnvVar} constant), so a renamed or added variable changes what this test demands without anyone
 * updating a list here; string scanning alone would mistake SRS status literals like {@code NOT_ABLE_TO_RETRIEVE}
 * for variables. Per function: the variables the shared SRS platform reads in every function
 * ({@code EnvVar.READ_BY_SRS_PLATFORM}), plus every {@code EnvVar} name the function's own module mentions in its
 * sources (as {@code EnvVar.X}, a static import or the literal). A guard scans all deployed sources for
 * {@code getenv("X")} with a name EnvVar does not declare: code that bypasses the catalogue is reported.
 */
record EnvVarCatalog(Set<String> setByTemplate, Set<String> setByRuntime, Set<String> platform) {

    static final String CLASS_NAME = "ch.srsconnect.shared.config.EnvVar";
    /** Read by the JVM or the Lambda runtime itself, not by our code, yet legitimately set by the template. */
    static final Set<String> READ_BY_JVM = Set.of("JAVA_TOOL_OPTIONS");
    private static final Pattern GETENV = Pattern.compile("getenv\\(\\s*\"([^\"]+)\"");

    static Optional<EnvVarCatalog> fromClassPath(ClassLoader loader) {
        Class<?> type;
        try {
            type = Class.forName(CLASS_NAME, true, loader);
        } catch (ClassNotFoundException e) {
            return Optional.empty();
        }
        Set<String> constants = new LinkedHashSet<>();
        for (Field f : type.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class && f.getName().matches("[A-Z][A-Z0-9_]*")) {
                String value = (String) read(f);
                if (f.getName().equals(value)) constants.add(value);
            }
        }
        Set<String> runtime = list(type, "SET_BY_RUNTIME").orElseGet(() -> {
            Set<String> aws = new LinkedHashSet<>();
            constants.stream().filter(n -> n.startsWith("AWS_")).forEach(aws::add);
            return aws;
        });
        Set<String> byTemplate = list(type, "SET_BY_TEMPLATE").orElseGet(() -> {
            Set<String> rest = new LinkedHashSet<>(constants);
            rest.removeAll(runtime);
            return rest;
        });
        Set<String> platform = list(type, "READ_BY_SRS_PLATFORM").orElse(Set.of());
        return Optional.of(new EnvVarCatalog(byTemplate, runtime, platform));
    }

    private static Object read(Field f) {
        try {
            return f.get(null);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Optional<Set<String>> list(Class<?> type, String field) {
        try {
            Object v = type.getField(field).get(null);
            if (v instanceof List<?> l) {
                Set<String> out = new LinkedHashSet<>();
                l.forEach(x -> out.add(String.valueOf(x)));
                return Optional.of(out);
            }
            return Optional.empty();
        } catch (NoSuchFieldException | IllegalAccessException e) {
            return Optional.empty();
        }
    }

    /** Names the template may set: what the code reads, plus what the JVM reads. */
    Set<String> known() {
        return TemplateChecks.union(setByTemplate, READ_BY_JVM);
    }

    /** Variables function module {@code module} needs: the platform's plus the ones its sources mention. */
    Set<String> neededBy(Path projectRoot, String module) {
        Set<String> needed = new LinkedHashSet<>(platform);
        String sources = readSources(projectRoot.resolve("functions").resolve(module).resolve("src/main/java"));
        for (String name : setByTemplate) {
            if (Pattern.compile("\\b" + name + "\\b").matcher(sources).find()) needed.add(name);
        }
        return needed;
    }

    /** {@code getenv("X")} in deployed sources (shared, functions) with X not declared by EnvVar. */
    List<String> undeclaredReads(Path projectRoot) {
        List<String> problems = new ArrayList<>();
        List<Path> roots = new ArrayList<>();
        roots.add(projectRoot.resolve("shared/src/main/java"));
        Path functions = projectRoot.resolve("functions");
        if (Files.isDirectory(functions)) {
            try (Stream<Path> modules = Files.list(functions)) {
                modules.map(m -> m.resolve("src/main/java")).forEach(roots::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        for (Path root : roots) {
            for (Path file : javaFiles(root)) {
                Matcher m = GETENV.matcher(readString(file));
                while (m.find()) {
                    if (!setByTemplate.contains(m.group(1)) && !setByRuntime.contains(m.group(1))) {
                        problems.add(projectRoot.relativize(file) + ": reads environment variable " + m.group(1)
                                + ", which " + CLASS_NAME + " does not declare (so no check can make sure template.yaml sets it)");
                    }
                }
            }
        }
        return problems;
    }

    static boolean hasSources(Path dir) {
        return !javaFiles(dir).isEmpty();
    }

    private static String readSources(Path dir) {
        StringBuilder all = new StringBuilder();
        for (Path f : javaFiles(dir)) all.append(readString(f)).append('\n');
        return all.toString();
    }

    private static List<Path> javaFiles(Path dir) {
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String readString(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
