package ch.srsconnect.tests.orders;

import ch.srsconnect.tests.TestEnvironment;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** docs/api/openapi.yaml describes exactly the HttpApi routes template.yaml declares. */
class OpenApiDocumentTest {

    @Test
    @SuppressWarnings("unchecked")
    void everyTemplateRouteIsDescribedAndNothingElse() throws Exception {
        Path root = TestEnvironment.projectRoot();
        Map<String, Object> doc = new Yaml().load(Files.readString(root.resolve("docs/api/openapi.yaml")));
        assertTrue(String.valueOf(doc.get("openapi")).startsWith("3."));
        Set<String> documented = new TreeSet<>();
        Map<String, Map<String, Object>> paths = (Map<String, Map<String, Object>>) doc.get("paths");
        paths.forEach((path, ops) -> ops.keySet().stream()
                .filter(k -> Set.of("get", "post", "put", "delete", "patch").contains(k))
                .forEach(m -> documented.add(m.toUpperCase(Locale.ROOT) + " " + path)));

        Set<String> declared = new TreeSet<>();
        Matcher m = Pattern.compile("Type: HttpApi\\s+Properties:\\s+ApiId: !Ref HttpApi\\s+Method: (\\w+)\\s+Path: (\\S+)")
                .matcher(Files.readString(root.resolve("template.yaml")));
        while (m.find()) {
            declared.add(m.group(1).toUpperCase(Locale.ROOT) + " " + m.group(2));
        }
        assertTrue(declared.size() >= 5, declared.toString());
        assertEquals(declared, documented);
    }
}
