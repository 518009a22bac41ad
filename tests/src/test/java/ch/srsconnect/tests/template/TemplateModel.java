package ch.srsconnect.tests.template;

import ch.srsconnect.local.template.CfnYaml;
import ch.srsconnect.local.template.Intrinsic;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * A loaded CloudFormation/SAM template (through the local runtime's {@link CfnYaml}, so the test reads the
 * template exactly as the local runtime does) with the few views the checks need.
 */
final class TemplateModel {

    static final Set<String> PSEUDO_PARAMETERS = Set.of(
            "AWS::AccountId", "AWS::NotificationARNs", "AWS::NoValue", "AWS::Partition", "AWS::Region",
            "AWS::StackId", "AWS::StackName", "AWS::URLSuffix");

    final Map<String, Object> root;

    TemplateModel(Map<String, Object> root) {
        this.root = root;
    }

    static TemplateModel load(Path file) {
        return new TemplateModel(CfnYaml.load(file));
    }

    static TemplateModel parse(String yaml) {
        return new TemplateModel(CfnYaml.loadString(yaml));
    }

    Map<String, Object> section(String name) {
        return map(root.get(name));
    }

    Map<String, Object> resources() {
        return section("Resources");
    }

    Map<String, Object> parameters() {
        return section("Parameters");
    }

    String type(String logicalId) {
        Object r = resources().get(logicalId);
        return r == null ? null : (String) map(r).get("Type");
    }

    Map<String, Object> properties(String logicalId) {
        return map(map(resources().get(logicalId)).get("Properties"));
    }

    List<String> idsOfType(String type) {
        List<String> ids = new ArrayList<>();
        resources().forEach((id, r) -> {
            if (type.equals(map(r).get("Type"))) ids.add(id);
        });
        return ids;
    }

    /** A SAM resource's properties with {@code Globals.<Section>} applied the way SAM does: maps merge, lists append, scalars are overridden. */
    Map<String, Object> withGlobals(String logicalId, String globalsSection) {
        Map<String, Object> globals = map(section("Globals").get(globalsSection));
        return mergeGlobals(globals, properties(logicalId));
    }

    /** {@code Globals.Function} merged into the properties of an {@code AWS::Serverless::Function}. */
    Map<String, Object> functionProperties(String logicalId) {
        return withGlobals(logicalId, "Function");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> mergeGlobals(Map<String, Object> globals, Map<String, Object> local) {
        Map<String, Object> out = new LinkedHashMap<>(globals);
        local.forEach((k, v) -> {
            Object g = out.get(k);
            if (g instanceof Map<?, ?> gm && v instanceof Map<?, ?> vm) {
                out.put(k, mergeGlobals((Map<String, Object>) gm, (Map<String, Object>) vm));
            } else if (g instanceof List<?> gl && v instanceof List<?> vl) {
                List<Object> merged = new ArrayList<>(gl);
                merged.addAll(vl);
                out.put(k, merged);
            } else {
                out.put(k, v);
            }
        });
        return out;
    }

    /** Environment variables of a function after Globals: name → value (String or Intrinsic). */
    Map<String, Object> environment(String functionId) {
        return map(map(functionProperties(functionId).get("Environment")).get("Variables"));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o) {
        return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    /** Visits every intrinsic under {@code value}, depth first, with a readable path. */
    static void forEachIntrinsic(Object value, String path, BiConsumer<String, Intrinsic> visitor) {
        if (value instanceof Intrinsic in) {
            visitor.accept(path, in);
            forEachIntrinsic(in.argument(), path, visitor);
        } else if (value instanceof Map<?, ?> m) {
            m.forEach((k, v) -> forEachIntrinsic(v, path + "." + k, visitor));
        } else if (value instanceof List<?> l) {
            for (int i = 0; i < l.size(); i++) forEachIntrinsic(l.get(i), path + "[" + i + "]", visitor);
        }
    }
}
