package ch.srsconnect.local.aws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * In-memory Amazon EventBridge event buses speaking the real wire protocol ({@code X-Amz-Target: AWSEvents.<Op>}).
 *
 * <p>Operations: PutEvents, CreateEventBus, DescribeEventBus, ListEventBuses, DeleteEventBus. The
 * {@code default} bus always exists. Events put on a bus are kept in memory (bounded, oldest dropped
 * first, newest last): {@link #events()} and {@code GET /_events[?bus=name]} (a JSON array of events in
 * the envelope EventBridge delivers to targets).
 *
 * <p>Rules route events to API destinations ({@link EventRules}: PutRule, PutTargets, CreateConnection,
 * CreateApiDestination, TestEventPattern, ...; patterns as {@link EventPattern} matches them), sent with retries and a
 * dead-letter queue as {@link ApiDestinationDelivery} describes. Targets of other kinds are kept, not invoked.
 *
 * <p>Unlike AWS, which accepts events for a bus that does not exist (and drops them), an entry for an
 * unknown bus fails with {@code ErrorCode: ResourceNotFoundException}, so a misconfigured bus name shows
 * up locally instead of losing events silently.
 */
public final class EventBridgeStandIn extends AwsJsonServer {

    public static final String DEFAULT_BUS = "default";
    public static final int DEFAULT_CAPACITY = 10_000;

    private static final Pattern BUS_NAME = Pattern.compile("[/.\\-_A-Za-z0-9]{1,256}");
    /** PutEvents' limit on the entries of one request, counted as AWS documents it (eb-putevent-size). */
    static final int MAX_REQUEST_ENTRIES_BYTES = 256 * 1024;

    private final String region;
    private final String accountId;
    private final int capacity;
    private final Map<String, Bus> buses = new LinkedHashMap<>();
    private final Deque<Event> events = new ArrayDeque<>();
    private final List<Consumer<Event>> listeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<ApiDestinationDelivery.Attempt>> deliveryListeners = new CopyOnWriteArrayList<>();
    private final EventRules rules;
    private final ApiDestinationDelivery delivery = new ApiDestinationDelivery(Duration.ofSeconds(1));

    /** Starts on 127.0.0.1:{@code port} (0 for any free port), keeping the last {@value #DEFAULT_CAPACITY} events. */
    public EventBridgeStandIn(int port, String region, String accountId) throws IOException {
        this(port, region, accountId, DEFAULT_CAPACITY);
    }

    public EventBridgeStandIn(int port, String region, String accountId, int capacity) throws IOException {
        super("AWSEvents", port);
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive");
        }
        this.region = Objects.requireNonNull(region);
        this.accountId = Objects.requireNonNull(accountId);
        this.capacity = capacity;
        Instant now = Instant.now();
        buses.put(DEFAULT_BUS, new Bus(DEFAULT_BUS, arnFor(DEFAULT_BUS), null, now));
        this.rules = new EventRules(region, accountId, buses::containsKey);
        delivery.observe(a -> deliveryListeners.forEach(l -> l.accept(a)));
    }

    /** Where API destination targets' dead letters go: the local runtime sends them to the SQS queue of the ARN. */
    public void deadLetters(ApiDestinationDelivery.DeadLetters sink) {
        delivery.deadLetters(sink);
    }

    /** How long the first retry of a failed API destination call waits (1 s; each next one doubles). */
    public void firstRetryDelay(Duration delay) {
        delivery.firstRetryDelay(delay);
    }

    /** Tests only: the API destination request timeout (EventBridge's is 5 s). */
    public void requestTimeout(Duration timeout) {
        delivery.requestTimeout(timeout);
    }

    /** Calls {@code listener} after every API destination attempt. Closing the handle removes it. */
    public AutoCloseable onDelivery(Consumer<ApiDestinationDelivery.Attempt> listener) {
        Objects.requireNonNull(listener);
        deliveryListeners.add(listener);
        return () -> deliveryListeners.remove(listener);
    }

    @Override
    public void close() {
        delivery.close();
        super.close();
    }

    /** One event accepted by PutEvents. {@code detail} is the JSON text as sent. */
    public record Event(String id, String eventBusName, String source, String detailType, String detail,
                        List<String> resources, Instant time, String region, String account) {

        /** The event as EventBridge delivers it to a target (version, id, detail-type, ..., detail as JSON). */
        public ObjectNode toJson() {
            ObjectNode node = NODES.objectNode()
                    .put("version", "0")
                    .put("id", id)
                    .put("detail-type", detailType)
                    .put("source", source)
                    .put("account", account)
                    .put("time", time.truncatedTo(ChronoUnit.SECONDS).toString())
                    .put("region", region);
            ArrayNode res = node.putArray("resources");
            resources.forEach(res::add);
            try {
                node.set("detail", JSON.readTree(detail));
            } catch (JsonProcessingException e) {
                node.put("detail", detail);
            }
            node.put("event-bus-name", eventBusName);
            return node;
        }
    }

    /** The events kept, oldest first. */
    public synchronized List<Event> events() {
        return List.copyOf(events);
    }

    /** The events kept for one bus, oldest first. */
    public synchronized List<Event> events(String busName) {
        return events.stream().filter(e -> e.eventBusName().equals(busName)).toList();
    }

    /**
     * Calls {@code listener} with every event PutEvents accepts from now on, in order, before PutEvents answers.
     * A listener that throws does not fail the PutEvents. Closing the returned handle removes the listener.
     */
    public AutoCloseable onEvent(Consumer<Event> listener) {
        Objects.requireNonNull(listener);
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /** The events kept after the one with id {@code eventId}, oldest first; all kept events when that id is not (or no longer) kept. */
    public synchronized List<Event> eventsSince(String eventId) {
        List<Event> all = List.copyOf(events);
        for (int i = all.size() - 1; i >= 0; i--) {
            if (all.get(i).id().equals(eventId)) {
                return all.subList(i + 1, all.size());
            }
        }
        return all;
    }

    public synchronized void clearEvents() {
        events.clear();
    }

    /** Names of the buses that exist, {@code default} first. */
    public synchronized List<String> busNames() {
        return List.copyOf(buses.keySet());
    }

    @Override
    protected synchronized JsonNode handle(String operation, ObjectNode request) {
        return switch (operation) {
            case "PutEvents" -> putEvents(request);
            case "CreateEventBus" -> createBus(request);
            case "DescribeEventBus" -> describeBus(request);
            case "ListEventBuses" -> listBuses(request);
            case "DeleteEventBus" -> deleteBus(request);
            default -> {
                JsonNode reply = rules.handle(operation, request);
                if (reply == null) {
                    throw new AwsError("UnknownOperationException", "Operation " + operation + " is not supported by the EventBridge stand-in");
                }
                yield reply;
            }
        };
    }

    @Override
    protected synchronized JsonNode handleGet(String path, String query) {
        if (!"/_events".equals(path) && !"/_events/".equals(path)) {
            return null;
        }
        String bus = queryParam(query, "bus");
        ArrayNode out = NODES.arrayNode();
        for (Event e : events) {
            if (bus == null || bus.equals(e.eventBusName())) {
                out.add(e.toJson());
            }
        }
        return out;
    }

    // ---- operations ----

    /** Entry size as AWS counts it: Time (14 bytes if given), Source, DetailType, Detail and each Resource, in UTF-8. */
    static long entriesSize(JsonNode entries) {
        long size = 0;
        for (JsonNode e : entries) {
            if (e.hasNonNull("Time")) size += 14;
            for (String field : List.of("Source", "DetailType", "Detail")) {
                if (e.hasNonNull(field)) size += e.get(field).asText().getBytes(StandardCharsets.UTF_8).length;
            }
            for (JsonNode r : e.path("Resources")) size += r.asText().getBytes(StandardCharsets.UTF_8).length;
        }
        return size;
    }

    private JsonNode putEvents(ObjectNode req) {
        JsonNode entries = req.get("Entries");
        if (entries == null || !entries.isArray() || entries.isEmpty() || entries.size() > 10) {
            throw new AwsError("ValidationException", "1 validation error detected: Value at 'entries' failed to "
                    + "satisfy constraint: Member must have length less than or equal to 10 and greater than or equal to 1");
        }
        if (entriesSize(entries) > MAX_REQUEST_ENTRIES_BYTES) {
            // AWS refuses the whole request (ValidationException), not one entry
            throw new AwsError("ValidationException", "Total size of the entries in the request is over the limit.");
        }
        ObjectNode reply = NODES.objectNode();
        ArrayNode results = NODES.arrayNode();
        int failed = 0;
        Instant now = Instant.now();
        for (JsonNode entry : entries) {
            ObjectNode result = results.addObject();
            String error = null;
            String message = null;
            String source = text(entry, "Source");
            String detailType = text(entry, "DetailType");
            String detail = text(entry, "Detail");
            String busName = busName(text(entry, "EventBusName"));
            if (source == null || source.isEmpty()) {
                error = "InvalidArgument";
                message = "Parameter Source is not valid. Reason: Source is a required argument.";
            } else if (detailType == null || detailType.isEmpty()) {
                error = "InvalidArgument";
                message = "Parameter DetailType is not valid. Reason: DetailType is a required argument.";
            } else if (detail == null || detail.isEmpty()) {
                error = "InvalidArgument";
                message = "Parameter Detail is not valid. Reason: Detail is a required argument.";
            } else if (!isJsonObject(detail)) {
                error = "MalformedDetail";
                message = "Detail is malformed.";
            } else if (!buses.containsKey(busName)) {
                error = "ResourceNotFoundException";
                message = "Event bus " + busName + " does not exist.";
            }
            if (error != null) {
                failed++;
                result.put("ErrorCode", error).put("ErrorMessage", message);
                continue;
            }
            List<String> resources = new ArrayList<>();
            entry.path("Resources").forEach(r -> resources.add(r.asText()));
            Instant time = readTimestamp(entry.get("Time"));
            Event event = new Event(UUID.randomUUID().toString(), busName, source, detailType, detail,
                    List.copyOf(resources), time == null ? now : time, region, accountId);
            if (events.size() >= capacity) {
                events.removeFirst();
            }
            events.addLast(event);
            result.put("EventId", event.id());
            if (!rules.isEmpty()) {
                rules.route(busName, event.id(), event.toJson(), event.time()).forEach(delivery::submit);
            }
            for (Consumer<Event> listener : listeners) {
                try {
                    listener.accept(event);
                } catch (RuntimeException e) {
                    // a listener's failure is its own; the event is accepted
                }
            }
        }
        reply.put("FailedEntryCount", failed);
        reply.set("Entries", results);
        return reply;
    }

    private JsonNode createBus(ObjectNode req) {
        String name = required(req, "Name", "ValidationException");
        if (!BUS_NAME.matcher(name).matches() || name.contains("/") && !name.startsWith("aws.partner/")) {
            throw new AwsError("ValidationException", "Event bus name " + name + " is not valid.");
        }
        if (buses.containsKey(name)) {
            throw new AwsError("ResourceAlreadyExistsException", "Event bus " + name + " already exists.");
        }
        Bus bus = new Bus(name, arnFor(name), text(req, "Description"), Instant.now());
        buses.put(name, bus);
        ObjectNode reply = NODES.objectNode().put("EventBusArn", bus.arn);
        if (bus.description != null) {
            reply.put("Description", bus.description);
        }
        return reply;
    }

    private JsonNode describeBus(ObjectNode req) {
        String name = busName(text(req, "Name"));
        Bus bus = buses.get(name);
        if (bus == null) {
            throw new AwsError("ResourceNotFoundException", "Event bus " + name + " does not exist.");
        }
        return bus.toJson();
    }

    private JsonNode listBuses(ObjectNode req) {
        String prefix = text(req, "NamePrefix");
        int limit = req.path("Limit").asInt(100);
        int start = 0;
        String next = text(req, "NextToken");
        if (next != null) {
            try {
                start = Integer.parseInt(next);
            } catch (NumberFormatException e) {
                throw new AwsError("ValidationException", "Invalid NextToken.");
            }
        }
        List<Bus> matching = buses.values().stream()
                .filter(b -> prefix == null || b.name.startsWith(prefix)).toList();
        ObjectNode reply = NODES.objectNode();
        ArrayNode list = reply.putArray("EventBuses");
        int end = Math.min(matching.size(), start + Math.max(1, limit));
        for (int i = start; i < end; i++) {
            list.add(matching.get(i).toJson());
        }
        if (end < matching.size()) {
            reply.put("NextToken", Integer.toString(end));
        }
        return reply;
    }

    private JsonNode deleteBus(ObjectNode req) {
        String name = busName(required(req, "Name", "ValidationException"));
        if (DEFAULT_BUS.equals(name)) {
            throw new AwsError("ValidationException", "Cannot delete event bus default.");
        }
        buses.remove(name); // AWS answers success for a bus that does not exist
        return NODES.objectNode();
    }

    // ---- helpers ----

    /** A bus name from a name, an ARN or nothing (the default bus). */
    private static String busName(String nameOrArn) {
        if (nameOrArn == null || nameOrArn.isEmpty()) {
            return DEFAULT_BUS;
        }
        if (nameOrArn.startsWith("arn:")) {
            int i = nameOrArn.indexOf(":event-bus/");
            return i < 0 ? nameOrArn : nameOrArn.substring(i + ":event-bus/".length());
        }
        return nameOrArn;
    }

    private String arnFor(String name) {
        return "arn:aws:events:" + region + ":" + accountId + ":event-bus/" + name;
    }

    private static boolean isJsonObject(String text) {
        try {
            return JSON.readTree(text) instanceof ObjectNode;
        } catch (JsonProcessingException e) {
            return false;
        }
    }

    private static String queryParam(String rawQuery, String name) {
        if (rawQuery == null) {
            return null;
        }
        Map<String, String> params = new HashMap<>();
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            params.putIfAbsent(key, value);
        }
        return params.get(name);
    }

    private static final class Bus {
        final String name;
        final String arn;
        final String description;
        final Instant created;

        Bus(String name, String arn, String description, Instant created) {
            this.name = name;
            this.arn = arn;
            this.description = description;
            this.created = created;
        }

        ObjectNode toJson() {
            ObjectNode node = NODES.objectNode().put("Name", name).put("Arn", arn);
            if (description != null) {
                node.put("Description", description);
            }
            node.set("CreationTime", timestamp(created));
            node.set("LastModifiedTime", timestamp(created));
            return node;
        }
    }
}
