package ch.srsconnect.local.template;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Loads a CloudFormation / SAM template written in YAML (or JSON, which is YAML).
 *
 * <p>Every short tag ({@code !Ref}, {@code !GetAtt}, {@code !Sub}, ...) and every long form
 * ({@code {"Fn::Sub": ...}}, {@code {"Ref": ...}}, {@code {"Condition": ...}}) becomes an {@link Intrinsic},
 * so code reading the template sees one shape. Maps keep the template's key order. Unquoted timestamps
 * stay strings (CloudFormation has no date type: {@code AWSTemplateFormatVersion: 2010-09-09}).
 */
public final class CfnYaml {

    /** Short tag (without "!") → long-form name. */
    static final Map<String, String> SHORT_TAGS;
    static {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("Ref", "Ref");
        m.put("Condition", "Condition");
        for (String fn : List.of("GetAtt", "Sub", "Join", "Select", "Split", "If", "Equals", "Not", "And", "Or",
                "FindInMap", "GetAZs", "ImportValue", "Base64", "Cidr", "Length", "ToJsonString", "Transform")) {
            m.put(fn, "Fn::" + fn);
        }
        SHORT_TAGS = Map.copyOf(m);
    }
    private static final Set<String> LONG_NAMES = Set.copyOf(SHORT_TAGS.values());

    private CfnYaml() {}

    public static Map<String, Object> load(Path file) {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return load(reader, file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read template " + file, e);
        }
    }

    public static Map<String, Object> loadString(String yaml) {
        return load(new StringReader(yaml), "<string>");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> load(Reader reader, String source) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setCodePointLimit(16 * 1024 * 1024);
        Object loaded;
        try {
            loaded = new Yaml(new CfnConstructor(options)).load(reader);
        } catch (RuntimeException e) {
            throw new TemplateException("cannot parse template " + source + ": " + e.getMessage(), e);
        }
        if (!(loaded instanceof Map<?, ?> map)) {
            throw new TemplateException("template " + source + " is not a YAML mapping");
        }
        return (Map<String, Object>) normalize(map);
    }

    /** Turns long forms ({"Fn::Sub": x}, {"Ref": x}, {"Condition": x}) into {@link Intrinsic}s, recursively. */
    static Object normalize(Object value) {
        if (value instanceof Intrinsic in) {
            return intrinsic(in.name(), normalize(in.argument()));
        }
        if (value instanceof Map<?, ?> map) {
            if (map.size() == 1) {
                Object key = map.keySet().iterator().next();
                if (key instanceof String k && LONG_NAMES.contains(k)) {
                    return intrinsic(k, normalize(map.get(k)));
                }
            }
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(String.valueOf(k), normalize(v)));
            return out;
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            for (Object o : list) out.add(normalize(o));
            return out;
        }
        return value;
    }

    private static Intrinsic intrinsic(String name, Object argument) {
        if ("Fn::GetAtt".equals(name) && argument instanceof String s) {
            int dot = s.indexOf('.');
            if (dot <= 0 || dot == s.length() - 1) {
                throw new TemplateException("!GetAtt needs LogicalId.Attribute, got '" + s + "'");
            }
            argument = List.of(s.substring(0, dot), s.substring(dot + 1));
        }
        return new Intrinsic(name, argument);
    }

    private static final class CfnConstructor extends SafeConstructor {
        CfnConstructor(LoaderOptions options) {
            super(options);
            SHORT_TAGS.forEach((shortName, longName) ->
                    yamlConstructors.put(new Tag("!" + shortName), new ConstructIntrinsic(longName)));
            // CloudFormation has no timestamps: keep 2010-09-09 a string
            yamlConstructors.put(Tag.TIMESTAMP, new AbstractConstruct() {
                @Override
                public Object construct(Node node) {
                    return constructScalar((ScalarNode) node);
                }
            });
        }

        private final class ConstructIntrinsic extends AbstractConstruct {
            private final String name;

            ConstructIntrinsic(String name) {
                this.name = name;
            }

            @Override
            public Object construct(Node node) {
                Object argument;
                if (node instanceof ScalarNode scalar) {
                    argument = constructScalar(scalar);
                } else if (node instanceof SequenceNode seq) {
                    argument = constructSequence(seq);
                } else if (node instanceof MappingNode mapping) {
                    argument = constructMapping(mapping);
                } else {
                    throw new TemplateException("unsupported node for !" + name + ": " + node.getNodeId());
                }
                return new Intrinsic(name, argument);
            }
        }
    }
}
