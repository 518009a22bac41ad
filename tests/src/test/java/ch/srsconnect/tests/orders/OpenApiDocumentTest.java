package ch.srsconnect.tests.orders;

import ch.srsconnect.shared.identification.Identification;
import ch.srsconnect.shared.identification.IdentificationStatus;
import ch.srsconnect.shared.identification.NextAction;
import ch.srsconnect.shared.polling.Tracking;
import ch.srsconnect.tests.TestEnvironment;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
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

    /** The next actions and event kinds the code can answer are the ones the document lists (they drifted once). */
    @Test
    @SuppressWarnings("unchecked")
    void theDocumentedNextActionsAndTrackingFieldsAreTheCodes() throws Exception {
        Map<String, Object> doc = new Yaml().load(Files.readString(TestEnvironment.projectRoot().resolve("docs/api/openapi.yaml")));
        Map<String, Object> schemas = (Map<String, Object>) ((Map<String, Object>) doc.get("components")).get("schemas");
        Map<String, Object> nextAction = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>)
                schemas.get("NextAction")).get("properties")).get("action");
        Set<String> documented = new TreeSet<>((List<String>) nextAction.get("enum"));
        Set<String> code = new TreeSet<>(Arrays.stream(NextAction.values()).map(Enum::name).toList());
        assertEquals(code, documented);

        Map<String, Object> tracking = (Map<String, Object>) ((Map<String, Object>) schemas.get("Tracking")).get("properties");
        Identification sample = Identification.builder().id("id").owner("o").status(IdentificationStatus.TERMINATED)
                .createdAt(Instant.EPOCH).updatedAt(Instant.EPOCH).expiresAt(Instant.EPOCH).build();
        assertEquals(new TreeSet<>(Tracking.view(sample, Instant.EPOCH).keySet()), new TreeSet<>(tracking.keySet()));
    }
}
