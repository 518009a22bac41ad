package ch.srsconnect.tests.template;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static ch.srsconnect.tests.template.TemplateModel.map;

/**
 * samconfig.toml against template.yaml: each environment deploys with a stack name, region, IAM capability and an
 * S3 location for the zips; its parameter overrides name template parameters, satisfy their AllowedValues and
 * AllowedPattern, set every parameter that has no default, and set Stage to the environment's name;
 * prod confirms change sets. Reads the flat subset of TOML samconfig uses (sections, string and boolean keys).
 */
final class SamConfigCheck {

    private static final Pattern SECTION = Pattern.compile("^\\[([^]]+)]\\s*$");
    private static final Pattern KEY_VALUE = Pattern.compile("^([A-Za-z0-9_]+)\\s*=\\s*(\"(?:[^\"\\\\]|\\\\.)*\"|true|false|[0-9.]+)\\s*(#.*)?$");
    private static final Pattern OVERRIDE = Pattern.compile("([A-Za-z0-9]+)=(\"[^\"]*\"|'[^']*'|\\S*)");

    private SamConfigCheck() {}

    /** section → key → value (strings unquoted). */
    static Map<String, Map<String, String>> parse(String toml) {
        Map<String, Map<String, String>> sections = new LinkedHashMap<>();
        String current = "";
        for (String raw : toml.split("\n")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            Matcher s = SECTION.matcher(line);
            if (s.matches()) {
                current = s.group(1).strip();
                sections.computeIfAbsent(current, k -> new LinkedHashMap<>());
                continue;
            }
            Matcher kv = KEY_VALUE.matcher(line);
            if (!kv.matches()) throw new IllegalArgumentException("samconfig.toml: cannot read line: " + line);
            String value = kv.group(2);
            if (value.startsWith("\"")) value = value.substring(1, value.length() - 1).replace("\\\"", "\"");
            sections.computeIfAbsent(current, k -> new LinkedHashMap<>()).put(kv.group(1), value);
        }
        return sections;
    }

    static Map<String, String> overrides(String parameterOverrides) {
        Map<String, String> out = new LinkedHashMap<>();
        Matcher m = OVERRIDE.matcher(parameterOverrides);
        while (m.find()) {
            String v = m.group(2);
            if (v.length() >= 2 && (v.startsWith("\"") || v.startsWith("'"))) v = v.substring(1, v.length() - 1);
            out.put(m.group(1), v);
        }
        return out;
    }

    static List<String> check(String toml, TemplateModel template, List<String> environments) {
        List<String> problems = new ArrayList<>();
        Map<String, Map<String, String>> config;
        try {
            config = parse(toml);
        } catch (IllegalArgumentException e) {
            return List.of(e.getMessage());
        }
        Map<String, Object> parameters = template.parameters();
        for (String env : environments) {
            Map<String, String> deploy = config.get(env + ".deploy.parameters");
            if (deploy == null) {
                problems.add(env + ": no [" + env + ".deploy.parameters] section");
                continue;
            }
            for (String key : List.of("stack_name", "region", "capabilities", "parameter_overrides")) {
                if (deploy.getOrDefault(key, "").isBlank()) problems.add(env + ": " + key + " is missing");
            }
            if (!deploy.getOrDefault("capabilities", "").contains("CAPABILITY_IAM")) {
                problems.add(env + ": capabilities must include CAPABILITY_IAM (the functions get IAM roles)");
            }
            if (!"true".equals(deploy.get("resolve_s3")) && !deploy.containsKey("s3_bucket")) {
                problems.add(env + ": neither resolve_s3 = true nor s3_bucket: sam deploy has nowhere to upload the zips");
            }
            if (env.equals("prod") && !"true".equals(deploy.get("confirm_changeset"))) {
                problems.add(env + ": confirm_changeset must be true: a person reviews every production change set");
            }
            Map<String, String> overrides = overrides(deploy.getOrDefault("parameter_overrides", ""));
            overrides.forEach((name, value) -> {
                if (!parameters.containsKey(name)) {
                    problems.add(env + ": parameter_overrides sets " + name + ", which template.yaml does not declare");
                    return;
                }
                Map<String, Object> p = map(parameters.get(name));
                Object allowed = p.get("AllowedValues");
                if (allowed instanceof List<?> values && values.stream().map(String::valueOf).noneMatch(value::equals)) {
                    problems.add(env + ": " + name + "=" + value + " is not one of " + values);
                }
                Object pattern = p.get("AllowedPattern");
                if (pattern instanceof String regex && !value.matches(regex)) {
                    problems.add(env + ": " + name + "=" + value + " does not match AllowedPattern " + regex);
                }
            });
            parameters.forEach((name, p) -> {
                if (!map(p).containsKey("Default") && !overrides.containsKey(name)) {
                    problems.add(env + ": parameter " + name + " has no default and parameter_overrides does not set it");
                }
            });
            if (parameters.containsKey("Stage") && !env.equals(overrides.get("Stage"))) {
                problems.add(env + ": Stage must be " + env + ", is " + overrides.get("Stage"));
            }
        }
        return problems;
    }
}
