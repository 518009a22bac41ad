package ch.srsconnect.tests.bench;

import ch.srsconnect.shared.identification.Identification;
import ch.srsconnect.shared.identification.KnownStatus;
import ch.srsconnect.shared.identification.Phase;
import ch.srsconnect.shared.identification.StatusEntry;
import ch.srsconnect.shared.identification.StatusHistory;
import ch.srsconnect.shared.log.LogContext;
import ch.srsconnect.shared.polling.Nudges;
import ch.srsconnect.shared.polling.PollPorts;
import ch.srsconnect.shared.polling.PollScheduler;
import ch.srsconnect.shared.polling.PollSettings;
import ch.srsconnect.shared.polling.Polling;
import ch.srsconnect.shared.polling.SqsPollQueue;
import ch.srsconnect.shared.ra.RaClient;
import ch.srsconnect.shared.store.DuePoll;
import ch.srsconnect.shared.store.DuePollLeases;
import ch.srsconnect.shared.store.IdentificationStore;
import ch.srsconnect.shared.store.Page;
import ch.srsconnect.shared.store.TableDefinition;
import ch.srsconnect.simulator.SimulatorOptions;
import ch.srsconnect.simulator.SrsSimulator;
import ch.srsconnect.tests.TestEnvironment;
import ch.srsconnect.tests.polling.PollingWorld;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Polling figures (not a test: it prints). Part 1, per method, on the time-compressed simulator (scale 60:
 * a simulated minute per real second), the planned policy next to a naive poll every 30 s (POLL_POLICY=naive):
 * SRS+RA calls per identification from order to "can sign", and the delay between a status change at the
 * simulator and our record of it (p50/p95, in simulated seconds, i.e. what production would see). The user
 * accepts the T&amp;C two simulated minutes after the evidence appears. "planned + nudges" runs the planned policy
 * with the nudges the product gets in production: the SP's frontend calls {@code refresh} when the user is back from
 * the partner (here: as soon as SRS shows the user finished; again while it answers TOO_SOON or BUSY, as a status page
 * would), and our T&amp;C confirmation nudges the RA lookup once, as {@code LookupNudges} does. Its last two columns
 * are from the nudge to the change being recorded. Part 2: the scheduler's reads per tick with 100 000 tracked
 * identifications of which 1 000 are due, next to a Scan.
 *
 * <p>Run: {@code ./dev bench polling} (sizes: {@code -Dbench.polling.perMethod=5 -Dbench.polling.tracked=100000
 * -Dbench.polling.due=1000 -Dbench.polling.scale=10}; the trade-off curve: {@code -Dbench.polling.sweep=0.25,0.5,2}), or after {@code ./mvnw -q -pl tests -am test-compile
 * dependency:build-classpath -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test}:
 * {@code java -cp "$(cat tests/target/test-classpath.txt):tests/target/test-classes"
 * ch.srsconnect.tests.bench.PollingBenchmark [perMethod] [tracked] [due] [scale]}.
 */
public final class PollingBenchmark {
    static final List<String[]> METHODS = List.of(
            new String[] {"IDENTITY.TM", "video"}, new String[] {"KLARNA", "bank"}, new String[] {"identity-tm-eid", "eID"},
            new String[] {"nect", "robo-ident"}, new String[] {"intrum-video", "video"},
            new String[] {"intrum-autoident", "autoident"});
    /** Simulated seconds per real second. SQS delays are whole seconds: one second of rounding is SCALE simulated seconds. */
    static double SCALE = 10;
    static ch.srsconnect.simulator.SrsSimulator sim;
    static final ObjectMapper JSON = new ObjectMapper();

    public static void main(String[] args) throws Exception {
        run(args.length > 0 ? Integer.parseInt(args[0]) : 5, args.length > 1 ? Integer.parseInt(args[1]) : 100_000,
                args.length > 2 ? Integer.parseInt(args[2]) : 1_000, args.length > 3 ? Double.parseDouble(args[3]) : 10,
                sweep(args.length > 4 ? args[4] : ""));
        System.exit(0);
    }

    /** For {@code ./dev bench polling}: sizes from system properties {@code bench.polling.perMethod|tracked|due|scale}. */
    public static void fromProperties() {
        try {
            run(Integer.getInteger("bench.polling.perMethod", 5), Integer.getInteger("bench.polling.tracked", 100_000),
                    Integer.getInteger("bench.polling.due", 1_000),
                    Double.parseDouble(System.getProperty("bench.polling.scale", "10")), sweep(System.getProperty("bench.polling.sweep", "")));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code "0.25,0.5,2"}: the interval factors of the trade-off curve ({@code POLL_POLICY=planned:F}); empty: none. */
    static List<Double> sweep(String factors) {
        List<Double> out = new ArrayList<>();
        for (String f : factors.split(",")) {
            if (!f.isBlank()) {
                out.add(Double.parseDouble(f.trim()));
            }
        }
        return out;
    }

    static void run(int perMethod, int tracked, int due, double scale, List<Double> sweep) throws Exception {
        SCALE = scale;
        // the benchmark counts calls, not authentication: an RA without it (RA_AUTH=none below)
        sim = SrsSimulator.start(SimulatorOptions.defaults().port(0).timeScale(SCALE).raAuth("none"));
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        LogContext.setSink(line -> { });   // the functions' JSON logs and EMF lines
        TestEnvironment.get();
        System.out.printf(Locale.ROOT, "Polling benchmark: %d successful identifications per method, simulator time scale %.0f%n", perMethod, SCALE);
        Map<String, Figures> planned = lifecycle("planned", perMethod, false);
        Map<String, Figures> nudged = lifecycle("planned", perMethod, true);
        Map<String, Figures> naive = lifecycle("naive", perMethod, false);
        System.out.println();
        System.out.println("| method | policy | SRS+RA calls / identification (SRS status + RA lookup) | status change -> record p50 / p95 (s) "
                + "| T&C accepted -> can sign p50 / p95 (s) | nudge -> status recorded p50 / p95 (s) | nudge -> can sign p50 / p95 (s) |");
        System.out.println("| --- | --- | --- | --- | --- | --- | --- |");
        for (String[] m : METHODS) {
            String key = m[0] + "/" + m[1];
            for (var e : List.of(Map.entry("planned", planned.get(key)), Map.entry("planned + nudges", nudged.get(key)),
                    Map.entry("naive 30 s", naive.get(key)))) {
                Figures f = e.getValue();
                System.out.printf(Locale.ROOT, "| %s | %s | %.1f (%.1f + %.1f) | %.0f / %.0f | %.0f / %.0f | %s | %s |%n", key, e.getKey(),
                        f.callsPerId(), f.srsPerId(), f.raPerId(), pct(f.statusDelays, 50), pct(f.statusDelays, 95),
                        pct(f.canSignDelays, 50), pct(f.canSignDelays, 95), p50p95(f.nudgeToStatus), p50p95(f.nudgeToCanSign));
            }
        }
        if (!sweep.isEmpty()) {
            tradeOff(perMethod, sweep, planned, naive);
        }
        System.out.println();
        schedulerCost(tracked, due);
        sim.close();
    }

    /**
     * The trade-off curve without nudges: the planned policy with every repeat interval times F, per method, as
     * SRS+RA calls (and their share of the naive policy's) against the p95 delays.
     */
    static void tradeOff(int perMethod, List<Double> factors, Map<String, Figures> planned, Map<String, Figures> naive)
            throws Exception {
        Map<Double, Map<String, Figures>> curve = new TreeMap<>();
        curve.put(1.0, planned);
        for (double f : factors) {
            curve.put(f, lifecycle("planned:" + f, perMethod, false));
        }
        System.out.println();
        System.out.println("Trade-off without nudges: repeat intervals of the plan times F (POLL_POLICY=planned:F)");
        System.out.println("| method | F | SRS+RA calls / identification | share of naive 30 s | status change -> record p95 (s) | T&C accepted -> can sign p95 (s) |");
        System.out.println("| --- | --- | --- | --- | --- | --- |");
        for (String[] m : METHODS) {
            String key = m[0] + "/" + m[1];
            double naiveCalls = naive.get(key).callsPerId();
            for (var e : curve.entrySet()) {
                Figures f = e.getValue().get(key);
                System.out.printf(Locale.ROOT, "| %s | %s | %.1f | %.0f %% | %.0f | %.0f |%n", key, e.getKey(), f.callsPerId(),
                        100 * f.callsPerId() / naiveCalls, pct(f.statusDelays, 95), pct(f.canSignDelays, 95));
            }
        }
    }

    record Figures(int identifications, long srs, long ra, List<Double> statusDelays, List<Double> canSignDelays,
                   List<Double> nudgeToStatus, List<Double> nudgeToCanSign) {
        double srsPerId() {
            return (double) srs / identifications;
        }

        double raPerId() {
            return (double) ra / identifications;
        }

        double callsPerId() {
            return srsPerId() + raPerId();
        }
    }

    /** Counts calls per identification and records when each new history entry and canSign were written. */
    static final class Recorder implements Polling.Wrap {
        final Map<String, AtomicInteger> srsCalls = new ConcurrentHashMap<>();
        final Map<String, AtomicInteger> raCalls = new ConcurrentHashMap<>();
        final Map<String, List<Double>> statusDelays = new ConcurrentHashMap<>();
        final Map<String, Instant> canSignAt = new ConcurrentHashMap<>();
        /** When each identification's record first showed a status the user's return brings (identification_done...). */
        final Map<String, Instant> finishedRecordedAt = new ConcurrentHashMap<>();

        @Override
        public PollPorts.StatusSource srs(PollPorts.StatusSource srs) {
            return (refId, issuer) -> {
                srsCalls.computeIfAbsent(refId, k -> new AtomicInteger()).incrementAndGet();
                return srs.identification(refId, issuer);
            };
        }

        @Override
        public PollPorts.EvidenceSource ra(PollPorts.EvidenceSource ra) {
            return msisdn -> {
                raCalls.computeIfAbsent(msisdn, k -> new AtomicInteger()).incrementAndGet();
                return ra.lookup(msisdn);
            };
        }

        @Override
        public PollPorts.Items items(PollPorts.Items items) {
            return new PollPorts.Items() {
                @Override
                public Optional<Identification> get(String id) {
                    return items.get(id);
                }

                @Override
                public Identification update(Identification expected, Identification next) {
                    Identification stored = items.update(expected, next);
                    Instant now = Instant.now();
                    for (StatusEntry e : StatusHistory.merge(expected.statusHistory(), stored.statusHistory()).added()) {
                        String s = e.status().value();
                        if (e.date() != null && !s.equals("created") && !s.equals("initialized")) {
                            statusDelays.computeIfAbsent(stored.id(), k -> new CopyOnWriteArrayList<>())
                                    .add(Duration.between(e.date(), now).toMillis() * SCALE / 1000.0);
                        }
                    }
                    if (userFinished(stored.statusHistory()) && !userFinished(expected.statusHistory())) {
                        finishedRecordedAt.putIfAbsent(stored.id(), now);
                    }
                    if (Boolean.TRUE.equals(stored.canSign()) && !Boolean.TRUE.equals(expected.canSign())) {
                        canSignAt.put(stored.id(), now);
                    }
                    return stored;
                }
            };
        }
    }

    /** The user is done at the partner: SRS shows identification_done or a later status. */
    static boolean userFinished(List<StatusEntry> history) {
        return history.stream().map(e -> e.status().known()).anyMatch(k -> k == KnownStatus.IDENTIFICATION_DONE
                || k == KnownStatus.DATA_READY || k == KnownStatus.TERMINATED);
    }

    static Map<String, Figures> lifecycle(String policy, int perMethod, boolean nudged) throws Exception {
        Recorder rec = new Recorder();
        Map<String, Figures> out = new LinkedHashMap<>();
        Map<String, String> overrides = Map.of(PollSettings.POLL_POLICY, policy,
                PollSettings.POLL_TIME_SCALE, Double.toString(SCALE),
                "SRS_BASE_URL", sim.baseUrl().toString(), "RA_BASE_URL", sim.raBaseUrl().toString(), "RA_AUTH", "none",
                "SMARTFLOWS_BASE_URL", sim.baseUrl().toString(), "IDP_TOKEN_URL", sim.baseUrl().resolve("/oauth/token").toString(),
                PollSettings.POLL_TICK_SECONDS, "6", PollSettings.POLL_LEASE_SECONDS, "30",
                PollSettings.POLL_LOOKUP_DEADLINE_MINUTES, "600");
        try (PollingWorld w = new PollingWorld("bench-" + policy.replaceAll("[^A-Za-z0-9]", "-") + (nudged ? "-nudged" : ""),
                overrides, rec).start(2, true)) {
            Nudges nudges = Nudges.of(w.config, Clock.systemUTC());
            Map<String, Instant> statusNudgedAt = new HashMap<>();
            Map<String, Instant> termsNudgedAt = new HashMap<>();
            AtomicInteger benchSrsReads = new AtomicInteger();
            long srsBefore = sim.stats().calls("GET /api/identifications/{refId}");
            long raBefore = sim.stats().calls(RaClient.LOOKUP);
            List<PollingWorld.Order> orders = new ArrayList<>();
            for (String[] m : METHODS) {
                for (int k = 0; k < perMethod; k++) {
                    orders.add(w.place(m[0], m[1], PollingWorld.randomMsisdn(), "sim:success"));
                }
            }
            Map<String, Instant> acceptedAt = new HashMap<>();
            HttpClient http = HttpClient.newHttpClient();
            long started = System.nanoTime();
            PollingWorld.await("all can sign (" + policy + ")", Duration.ofMinutes(30), () -> {
                boolean all = true;
                for (PollingWorld.Order o : orders) {
                    if (nudged && !rec.finishedRecordedAt.containsKey(o.id())) {
                        benchSrsReads.incrementAndGet();
                        Instant nudgedAt = Instant.now();   // before the call: the poll may be recorded before it returns
                        if (userFinished(w.srsHistory(o)) && nudges.nudge(w.get(o)) == Nudges.Outcome.SENT) {
                            statusNudgedAt.putIfAbsent(o.id(), nudgedAt);   // the user is back: the frontend refreshes
                        }
                    }
                    if (!acceptedAt.containsKey(o.id())) {
                        Instant available = evidenceAvailableAt(http, sim.baseUrl(), o.msisdn());
                        if (available != null) {
                            if (o.issuer().equals("nect")) {
                                acceptedAt.put(o.id(), available);   // accepted in the app at terminated
                            } else if (!Instant.now().isBefore(available.plusMillis(Math.round(120_000 / SCALE)))) {
                                sim.acceptTerms(o.msisdn());
                                acceptedAt.put(o.id(), Instant.now());
                                Identification now = w.get(o);
                                Instant nudgedAt = Instant.now();
                                if (nudged && now.phase() == Phase.LOOKUP && nudges.nudge(now) == Nudges.Outcome.SENT) {
                                    termsNudgedAt.put(o.id(), nudgedAt);   // our T&C route nudges the lookup once
                                }
                            }
                        }
                    }
                    all &= w.get(o).phase() == Phase.DONE;
                }
                return all;
            });
            System.out.printf(Locale.ROOT, "%s%s: %d identifications done in %.0f s real; simulator saw %d SRS status + %d RA lookup calls"
                            + " from the poller%s%n", policy, nudged ? " + nudges" : "", orders.size(), (System.nanoTime() - started) / 1e9,
                    sim.stats().calls("GET /api/identifications/{refId}") - srsBefore - benchSrsReads.get(),
                    sim.stats().calls(RaClient.LOOKUP) - raBefore,
                    nudged ? " (" + statusNudgedAt.size() + " refresh nudges sent, " + termsNudgedAt.size() + " T&C nudges)" : "");
            w.assertConsistent(orders);
            for (String[] m : METHODS) {
                List<PollingWorld.Order> mine = orders.stream().filter(o -> o.issuer().equals(m[0]) && o.method().equals(m[1])).toList();
                long srs = 0;
                long ra = 0;
                List<Double> canSign = new ArrayList<>();
                List<Double> status = new ArrayList<>();
                List<Double> nudgeToStatus = new ArrayList<>();
                List<Double> nudgeToCanSign = new ArrayList<>();
                for (PollingWorld.Order o : mine) {
                    srs += rec.srsCalls.getOrDefault(o.refId(), new AtomicInteger()).get();
                    ra += rec.raCalls.getOrDefault(o.msisdn(), new AtomicInteger()).get();
                    Instant signed = rec.canSignAt.get(o.id());
                    if (signed != null && acceptedAt.containsKey(o.id())) {
                        canSign.add(Math.max(0, Duration.between(acceptedAt.get(o.id()), signed).toMillis()) * SCALE / 1000.0);
                    }
                    status.addAll(rec.statusDelays.getOrDefault(o.id(), List.of()));
                    simulatedSecondsBetween(statusNudgedAt.get(o.id()), rec.finishedRecordedAt.get(o.id())).ifPresent(nudgeToStatus::add);
                    simulatedSecondsBetween(termsNudgedAt.get(o.id()), signed).ifPresent(nudgeToCanSign::add);
                }
                out.put(m[0] + "/" + m[1], new Figures(mine.size(), srs, ra, status, canSign, nudgeToStatus, nudgeToCanSign));
            }
        }
        return out;
    }

    /** {@code to - from} in simulated seconds (never negative: a poll already under way may record before the nudge). */
    static Optional<Double> simulatedSecondsBetween(Instant from, Instant to) {
        if (from == null || to == null) {
            return Optional.empty();
        }
        return Optional.of(Math.max(0, Duration.between(from, to).toMillis()) * SCALE / 1000.0);
    }

    static String p50p95(List<Double> values) {
        return values.isEmpty() ? "-" : String.format(Locale.ROOT, "%.1f / %.1f", pct(values, 50), pct(values, 95));
    }

    static Instant evidenceAvailableAt(HttpClient http, URI base, String msisdn) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(base.resolve("/_admin/evidences/" + msisdn.substring(1))).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode n = JSON.readTree(r.body());
            if (!n.isArray() || n.isEmpty()) {
                return null;
            }
            Instant at = Instant.parse(n.get(0).get("availableAt").asText());
            return at.isAfter(Instant.now()) ? null : at;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static double pct(List<Double> values, int p) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> v = new ArrayList<>(values);
        Collections.sort(v);
        int idx = (int) Math.ceil(p / 100.0 * v.size()) - 1;
        return v.get(Math.max(0, Math.min(v.size() - 1, idx)));
    }

    // ------------------------------------------------------------------ scheduler cost

    /** A DynamoDB client that counts what Query and Scan read. */
    static final class CountingDynamo implements DynamoDbClient {
        final DynamoDbClient d;
        final AtomicLong queries = new AtomicLong();
        final AtomicLong scanned = new AtomicLong();
        final AtomicLong updates = new AtomicLong();

        CountingDynamo(DynamoDbClient d) {
            this.d = d;
        }

        @Override
        public QueryResponse query(QueryRequest r) {
            QueryResponse resp = d.query(r);
            queries.incrementAndGet();
            scanned.addAndGet(resp.scannedCount());
            return resp;
        }

        @Override
        public UpdateItemResponse updateItem(UpdateItemRequest r) {
            updates.incrementAndGet();
            return d.updateItem(r);
        }

        @Override
        public String serviceName() {
            return d.serviceName();
        }

        @Override
        public void close() {
        }
    }

    static void schedulerCost(int tracked, int dueCount) throws Exception {
        TestEnvironment env = TestEnvironment.get();
        DynamoDbClient dynamo = env.dynamoDb();
        String table = "bench-sched-" + UUID.randomUUID().toString().substring(0, 6);
        dynamo.createTable(TableDefinition.createTableRequest(table));
        PollSettings settings = PollSettings.defaults();
        Instant now = Instant.now();
        long t0 = System.nanoTime();
        List<WriteRequest> batch = new ArrayList<>();
        for (int k = 0; k < tracked; k++) {
            String id = UUID.randomUUID().toString();
            long next = k < dueCount ? now.minusSeconds(k % 50).toEpochMilli()
                    : now.plus(Duration.ofMinutes(5)).plusSeconds(k % (30 * 86_400)).toEpochMilli();
            Map<String, AttributeValue> item = new HashMap<>();
            item.put("id", AttributeValue.fromS(id));
            item.put("itemType", AttributeValue.fromS("identification"));
            item.put("pollShard", AttributeValue.fromN(Integer.toString(ch.srsconnect.shared.identification.Identification.pollShardOf(id, settings.shards()))));
            item.put("nextPollAt", AttributeValue.fromN(Long.toString(next)));
            item.put("version", AttributeValue.fromN("1"));
            batch.add(WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build());
            if (batch.size() == 25) {
                List<WriteRequest> b = List.copyOf(batch);
                dynamo.batchWriteItem(r -> r.requestItems(Map.of(table, b)));
                batch.clear();
            }
        }
        if (!batch.isEmpty()) {
            List<WriteRequest> b = List.copyOf(batch);
            dynamo.batchWriteItem(r -> r.requestItems(Map.of(table, b)));
        }
        System.out.printf(Locale.ROOT, "Scheduler: %d tracked identifications (%d due) written in %.0f s%n", tracked, dueCount,
                (System.nanoTime() - t0) / 1e9);

        CountingDynamo counting = new CountingDynamo(dynamo);
        IdentificationStore store = new IdentificationStore(counting, table);
        DuePollLeases leases = new DuePollLeases(counting, table, Clock.systemUTC());
        PollPorts.DueItems dueItems = new PollPorts.DueItems() {
            @Override
            public Page<DuePoll> due(int shard, Instant until, int limit, String cursor) {
                return store.dueForPolling(shard, until, limit, cursor);
            }

            @Override
            public OptionalLong lease(String id, Instant seen, Instant leaseUntil) {
                return leases.lease(id, seen, leaseUntil);
            }
        };
        String queueUrl;
        try (var sqs = software.amazon.awssdk.services.sqs.SqsClient.builder()
                .httpClient(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create())
                .region(software.amazon.awssdk.regions.Region.of(env.aws().region())).endpointOverride(env.aws().sqsEndpoint())
                .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                        software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create("local", "local"))).build()) {
            queueUrl = sqs.createQueue(b -> b.queueName(table)).queueUrl();
            PollScheduler scheduler = new PollScheduler(settings, dueItems, new SqsPollQueue(sqs, queueUrl), Clock.systemUTC());
            for (int tick = 1; tick <= 2; tick++) {
                long q0 = counting.queries.get();
                long s0 = counting.scanned.get();
                long u0 = counting.updates.get();
                long started = System.nanoTime();
                PollScheduler.TickResult r = scheduler.tick();
                System.out.printf(Locale.ROOT, "Scheduler tick %d (POLL_MAX_ITEMS_PER_TICK=%d, %d shards): items read %d in %d Query calls, "
                                + "%d leases (UpdateItem), %d messages sent, %.1f s on DynamoDB Local + ElasticMQ%n", tick,
                        settings.maxItemsPerTick(), settings.shards(), counting.scanned.get() - s0, counting.queries.get() - q0,
                        counting.updates.get() - u0, r.leased(), (System.nanoTime() - started) / 1e9);
            }
        }
        long scanned = 0;
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            ScanResponse r = dynamo.scan(b -> b.tableName(table).exclusiveStartKey(from)
                    .filterExpression("nextPollAt <= :until").expressionAttributeValues(Map.of(":until",
                            AttributeValue.fromN(Long.toString(Instant.now().plusSeconds(60).toEpochMilli())))));
            scanned += r.scannedCount();
            start = r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty() ? r.lastEvaluatedKey() : null;
        } while (start != null);
        System.out.printf(Locale.ROOT, "For comparison, a Scan for due items reads %d items per tick.%n", scanned);
    }
}
