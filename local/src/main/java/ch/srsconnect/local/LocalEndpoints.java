package ch.srsconnect.local;

import ch.srsconnect.local.aws.EventBridgeStandIn;
import ch.srsconnect.local.gateway.HttpApiGateway;
import ch.srsconnect.local.gateway.HttpApiGateway.LocalResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What the local runtime serves besides the template's routes: the project's OpenAPI description, the browser client
 * and demo app of {@code web/}, and the events the EventBridge stand-in received. Also the one console line per event (no personal data).
 */
final class LocalEndpoints {

    /** The project's OpenAPI description, relative to the project root. */
    static final String OPENAPI = "docs/api/openapi.yaml";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Detail fields of "Identification Status Changed" a console line may show: ids, statuses and flags only. */
    private static final String STATUS_CHANGED = "Identification Status Changed";

    private LocalEndpoints() {}

    /** The browser client and the demo SP app (issue 12), relative to the project root. */
    static final String WEB = "web";
    private static final Map<String, String> CONTENT_TYPES = Map.of(".html", "text/html; charset=utf-8",
            ".js", "text/javascript; charset=utf-8", ".css", "text/css; charset=utf-8", ".png", "image/png",
            ".svg", "image/svg+xml", ".md", "text/markdown; charset=utf-8");

    /**
     * Every file under {@code web/} (not its tests or npm packages) at its path, {@code /demo/} for the demo app, each
     * read when it is asked for (edit and reload). The paths, for the banner.
     */
    static List<String> serveWeb(HttpApiGateway gateway, Path projectRoot) throws IOException {
        Path web = projectRoot.resolve(WEB);
        if (!Files.isDirectory(web)) return List.of();
        List<String> paths = new ArrayList<>();
        try (Stream<Path> files = Files.walk(web)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String rel = web.relativize(file).toString().replace('\\', '/');
                String ext = rel.contains(".") ? rel.substring(rel.lastIndexOf('.')) : "";
                if (rel.startsWith("node_modules/") || rel.startsWith("test/") || !CONTENT_TYPES.containsKey(ext)) continue;
                HttpApiGateway.LocalEndpoint endpoint = query -> Files.isRegularFile(file)
                        ? new LocalResponse(200, CONTENT_TYPES.get(ext), Files.readAllBytes(file)) : null;
                gateway.serveLocal("/" + rel, endpoint);
                paths.add("/" + rel);
                if (rel.endsWith("/index.html")) {
                    gateway.serveLocal("/" + rel.substring(0, rel.length() - "index.html".length()), endpoint);
                }
            }
        }
        return paths;
    }

    /** {@code GET /openapi.yaml}: the file as it is now, or null (404) when the project has none. */
    static LocalResponse openApiYaml(Path projectRoot) throws IOException {
        Path file = projectRoot.resolve(OPENAPI);
        if (!Files.isRegularFile(file)) return null;
        return new LocalResponse(200, "application/yaml; charset=utf-8", Files.readAllBytes(file));
    }

    /** {@code GET /openapi.json}: the same document as JSON, or null (404) when the project has none. */
    static LocalResponse openApiJson(Path projectRoot) throws IOException {
        Path file = projectRoot.resolve(OPENAPI);
        if (!Files.isRegularFile(file)) return null;
        Object doc;
        try {
            doc = yaml().load(Files.readString(file, StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            return LocalResponse.json(500, JSON.createObjectNode().put("message", OPENAPI + " is not valid YAML: " + e.getMessage()).toString());
        }
        return LocalResponse.json(200, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(doc));
    }

    /** YAML as JSON sees it: keys become strings (Jackson), dates stay the strings they are written as. */
    private static Yaml yaml() {
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(16 * 1024 * 1024);
        SafeConstructor constructor = new SafeConstructor(options) {
            {
                yamlConstructors.put(Tag.TIMESTAMP, new AbstractConstruct() {
                    @Override
                    public Object construct(Node node) {
                        return constructScalar((ScalarNode) node);
                    }
                });
            }
        };
        return new Yaml(constructor);
    }

    /**
     * {@code GET /local/events[?since=<eventId>][&bus=<name>]}: the events PutEvents accepted, as EventBridge delivers
     * them to targets, oldest first; with {@code since}, only those after that event (all kept ones if it is unknown).
     */
    static LocalResponse events(EventBridgeStandIn eventBridge, Map<String, String> query) {
        String since = query.get("since");
        String bus = query.get("bus");
        List<EventBridgeStandIn.Event> events = since == null || since.isBlank() ? eventBridge.events() : eventBridge.eventsSince(since);
        ArrayNode out = JSON.createArrayNode();
        for (EventBridgeStandIn.Event e : events) {
            if (bus == null || bus.equals(e.eventBusName())) out.add(e.toJson());
        }
        return LocalResponse.json(200, out.toString());
    }

    /**
     * One console line per event. For "Identification Status Changed":
     * {@code event Identification Status Changed id=<id> <old>→<new> canSign=<b> next=<action>}; for any other
     * event only its detail-type, source and bus — never the detail, which may carry personal data.
     */
    static String eventLine(EventBridgeStandIn.Event e) {
        if (STATUS_CHANGED.equals(e.detailType())) {
            try {
                JsonNode d = JSON.readTree(e.detail());
                StringBuilder b = new StringBuilder("event ").append(STATUS_CHANGED)
                        .append(" id=").append(text(d, "id"))
                        .append(' ').append(text(d, "oldStatus")).append('→').append(text(d, "newStatus"))
                        .append(" canSign=").append(text(d, "canSign"));
                if (d.hasNonNull("kind") && !"STATUS".equals(d.get("kind").asText())) b.append(" kind=").append(text(d, "kind"));
                if (d.hasNonNull("recommendedAction")) b.append(" next=").append(text(d, "recommendedAction"));
                return b.toString();
            } catch (IOException ex) {
                // falls through to the generic line
            }
        }
        return "event " + e.detailType() + " source=" + e.source() + " bus=" + e.eventBusName() + " eventId=" + e.id();
    }

    private static String text(JsonNode d, String field) {
        JsonNode v = d.get(field);
        return v == null || v.isNull() ? "-" : v.asText();
    }
}
