package ch.srsconnect.tests.template;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** template.yaml, the deployable truth, against the code it deploys and the CloudFormation resource schemas. */
class TemplateTest {

    static Path root;
    static TemplateModel template;

    @BeforeAll
    static void load() {
        String property = System.getProperty("srsconnect.projectRoot");
        assertTrue(property != null && !property.isBlank(), "system property srsconnect.projectRoot is not set (tests/pom.xml sets it)");
        root = Path.of(property).toAbsolutePath().normalize();
        template = TemplateModel.load(root.resolve("template.yaml"));
    }

    static void assertNoProblems(String what, List<String> problems) {
        if (!problems.isEmpty()) fail(what + ":\n  " + String.join("\n  ", problems));
    }

    @Test
    void isASamTemplate() {
        assertEquals("AWS::Serverless-2016-10-31", template.root.get("Transform"));
        assertFalse(template.idsOfType(TemplateChecks.SERVERLESS_FUNCTION).isEmpty(), "no functions declared");
    }

    @Test
    void everyHandlerClassExistsAndIsALambdaHandler() {
        assertNoProblems("handlers", TemplateChecks.handlers(template, getClass().getClassLoader()));
    }

    @Test
    void everyEnvironmentVariableTheCodeReadsIsSet() {
        Optional<EnvVarCatalog> catalog = EnvVarCatalog.fromClassPath(getClass().getClassLoader());
        if (catalog.isEmpty()) {
            assumeTrue(EnvVarCatalog.hasSources(root.resolve("shared/src/main/java")),
                    "shared has no sources yet: nothing reads environment variables");
            fail(EnvVarCatalog.CLASS_NAME + " is not on the test class path, but shared has sources: "
                    + "the environment check takes the variable names from it");
        }
        List<String> problems = new ArrayList<>(catalog.get().undeclaredReads(root));
        for (String id : template.idsOfType(TemplateChecks.SERVERLESS_FUNCTION)) {
            String module = module(template.functionProperties(id).get("CodeUri"));
            problems.addAll(TemplateChecks.environment(template, id, catalog.get().neededBy(root, module), catalog.get().known()));
        }
        assertNoProblems("environment", problems);
    }

    @Test
    void everyRefGetAttAndSubTargetExists() {
        assertNoProblems("references", TemplateChecks.references(template, schemas()));
    }

    @Test
    void codeUrisAreTheZipsTheirModulesBuild() {
        assertNoProblems("CodeUri", TemplateChecks.codeUris(template, root));
    }

    @Test
    void cloudFormationResourcesValidateAgainstTheirSchemas() {
        assertNoProblems("resource schemas", TemplateChecks.resourceSchemas(template, schemas()));
    }

    @Test
    void samResourcesFollowOurRules() {
        assertNoProblems("SAM rules", TemplateChecks.samRules(template));
    }

    @Test
    void listMethodsIsServedAsDocumented() {
        Map<String, Object> fn = template.functionProperties("ListMethodsFunction");
        assertEquals("ch.srsconnect.methods.ListMethodsHandler::handleRequest", fn.get("Handler"));
        assertEquals("java21", fn.get("Runtime"));
        Map<String, Object> event = TemplateModel.map(TemplateModel.map(TemplateModel.map(fn.get("Events")).get("GetMethods")).get("Properties"));
        assertEquals("GET", event.get("Method"));
        assertEquals("/methods", event.get("Path"));
        assertEquals("JwtAuthorizer", TemplateModel.map(template.properties("HttpApi").get("Auth")).get("DefaultAuthorizer"));
        for (String secret : List.of("SrsCredentialsSecret", "SrsTokenCacheSecret")) {
            assertEquals("AWS::SecretsManager::Secret", template.type(secret));
        }
        assertFalse(template.properties("SrsCredentialsSecret").containsKey("SecretString"),
                "the credentials secret is created empty: credentials never live in the template");
    }

    @Test
    void samconfigDeploysEveryEnvironmentWithValidParameters() throws Exception {
        String toml = Files.readString(root.resolve("samconfig.toml"));
        assertNoProblems("samconfig.toml", SamConfigCheck.check(toml, template, List.of("dev", "preprod", "prod")));
    }

    @Test
    void sampleEventsAreHttpApiEventsOfDeclaredRoutes() throws Exception {
        Set<String> routes = new HashSet<>();
        for (String id : template.idsOfType(TemplateChecks.SERVERLESS_FUNCTION)) {
            TemplateModel.map(template.functionProperties(id).get("Events")).values().forEach(e -> {
                Map<String, Object> p = TemplateModel.map(TemplateModel.map(e).get("Properties"));
                if ("HttpApi".equals(TemplateModel.map(e).get("Type"))) routes.add(p.get("Method") + " " + p.get("Path"));
            });
        }
        List<String> problems = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        try (var files = Files.list(root.resolve("events"))) {
            for (Path f : files.sorted().toList()) {
                JsonNode event = json.readTree(f.toFile());
                if (!event.has("routeKey")) continue; // not an HTTP API event
                String name = "events/" + f.getFileName();
                if (!"2.0".equals(event.path("version").asText())) problems.add(name + ": HTTP API events are payload format 2.0");
                if (!routes.contains(event.path("routeKey").asText())) {
                    problems.add(name + ": routeKey " + event.path("routeKey").asText() + " is no route of template.yaml " + routes);
                }
                if (!event.path("requestContext").path("authorizer").path("jwt").path("claims").has("sub")) {
                    problems.add(name + ": requestContext.authorizer.jwt.claims.sub is missing (every route has the JWT authorizer)");
                }
                String method = event.path("requestContext").path("http").path("method").asText();
                String path = event.path("rawPath").asText();
                if (!event.path("routeKey").asText().equals(method + " " + path) && !event.path("routeKey").asText().contains("{")) {
                    problems.add(name + ": routeKey does not match requestContext.http.method and rawPath");
                }
            }
        }
        assertNoProblems("events", problems);
    }

    @Test
    void sampleEventsNameAFunctionOfTheTemplate() throws Exception {
        Path events = root.resolve("events");
        List<String> modules = new ArrayList<>();
        for (String id : template.idsOfType(TemplateChecks.SERVERLESS_FUNCTION)) {
            modules.add(module(template.functionProperties(id).get("CodeUri")));
        }
        List<String> problems = new ArrayList<>();
        try (var files = Files.list(events)) {
            for (Path f : files.toList()) {
                String name = f.getFileName().toString();
                if (modules.stream().noneMatch(m -> name.startsWith(m + "-") && name.endsWith(".json"))) {
                    problems.add("events/" + name + " is not <function-module>-<route>.json of a function in template.yaml");
                }
            }
        }
        for (String m : modules) {
            try (var files = Files.list(events)) {
                if (files.noneMatch(f -> f.getFileName().toString().startsWith(m + "-"))) {
                    problems.add("no sample event for function module " + m + " in events/");
                }
            }
        }
        assertNoProblems("events", problems);
    }

    static String module(Object codeUri) {
        Matcher m = Pattern.compile("functions/([^/]+)/").matcher(String.valueOf(codeUri));
        assertTrue(m.find(), "CodeUri " + codeUri + " is not under functions/");
        return m.group(1);
    }

    static CfnSchemas schemas() {
        try {
            return CfnSchemas.installedUnder(root);
        } catch (IllegalStateException e) {
            return fail(e.getMessage());
        }
    }
}
