package ch.srsconnect.shared.polling;

import ch.srsconnect.shared.Lazy;
import ch.srsconnect.shared.Platform;
import ch.srsconnect.shared.aws.AwsClients;
import ch.srsconnect.shared.config.Config;
import ch.srsconnect.shared.contract.SwisscomContract;
import ch.srsconnect.shared.config.EnvVar;
import ch.srsconnect.shared.events.StatusEventPublisher;
import ch.srsconnect.shared.events.WebhookSignature;
import ch.srsconnect.shared.http.SwisscomRejectedException;
import ch.srsconnect.shared.identification.Identification;
import ch.srsconnect.shared.ra.RaClient;
import ch.srsconnect.shared.smartflows.SmartFlowsClient;
import ch.srsconnect.shared.smartflows.SmartFlowsLookup;
import ch.srsconnect.shared.srs.SrsClient;
import ch.srsconnect.shared.store.DuePoll;
import ch.srsconnect.shared.store.DuePollLeases;
import ch.srsconnect.shared.store.IdentificationStore;
import ch.srsconnect.shared.store.Page;
import ch.srsconnect.shared.store.TableDefinition;
import ch.srsconnect.shared.terms.SilentSms;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;

/**
 * Production wiring of the polling use cases on a {@link Platform}: one DynamoDB, SQS and EventBridge client
 * each, built when the handler is (once per container).
 */
public final class Polling {
    private Polling() {
    }

    public static PollScheduler scheduler(Platform platform, Clock clock) {
        Config c = platform.config();
        PollSettings settings = PollSettings.fromConfig(c);
        DynamoDbClient dynamo = dynamo(c);
        String table = c.string(TableDefinition.TABLE_NAME_ENV);
        IdentificationStore store = new IdentificationStore(dynamo, table, clock);
        DuePollLeases leases = new DuePollLeases(dynamo, table, clock);
        PollPorts.DueItems due = new PollPorts.DueItems() {
            @Override
            public Page<DuePoll> due(int shard, Instant until, int limit, String cursor) {
                return store.dueForPolling(shard, until, limit, cursor);
            }

            @Override
            public OptionalLong lease(String id, Instant seen, Instant leaseUntil) {
                return leases.lease(id, seen, leaseUntil);
            }
        };
        return new PollScheduler(settings, due, queue(c), clock);
    }

    public static PollWorker worker(Platform platform, Clock clock) {
        return worker(platform, clock, Wrap.NONE);
    }

    /** Lets tests and the benchmark wrap the worker's ports (count calls, inject crashes); production wraps nothing. */
    public interface Wrap {
        Wrap NONE = new Wrap() { };

        default PollPorts.Items items(PollPorts.Items items) {
            return items;
        }

        default PollPorts.StatusSource srs(PollPorts.StatusSource srs) {
            return srs;
        }

        default PollPorts.EvidenceSource ra(PollPorts.EvidenceSource ra) {
            return ra;
        }

        default PollPorts.SigningSource signing(PollPorts.SigningSource signing) {
            return signing;
        }

        default PollPorts.Events events(PollPorts.Events events) {
            return events;
        }
    }

    public static PollWorker worker(Platform platform, Clock clock, Wrap wrap) {
        Config c = platform.config();
        PollSettings settings = PollSettings.fromConfig(c);
        IdentificationStore store = new IdentificationStore(dynamo(c), c.string(TableDefinition.TABLE_NAME_ENV), clock);
        PollPorts.Items items = new PollPorts.Items() {
            @Override
            public Optional<Identification> get(String id) {
                return store.get(id);
            }

            @Override
            public Identification update(Identification expected, Identification next) {
                return store.update(expected, next);
            }
        };
        SwisscomContract contract = platform.contract();
        SmartFlowsLookup smartFlowsLookup = contract.lookupSource() == SwisscomContract.LookupSource.SMARTFLOWS
                ? new SmartFlowsLookup(smartFlows(platform), clock) : null;
        PollPorts.EvidenceSource evidence = smartFlowsLookup != null ? smartFlowsLookup::lookup : RaClient.of(platform, clock)::lookup;
        boolean testCallback = contract.testCallback();
        PollPorts.StatusSource srs = (refId, issuer) -> {
            if (testCallback && SwisscomContract.isMockIssuer(issuer)) {
                platform.srs().testCallback(refId);   // a mock order changes at SRS only through it (guide §4)
            }
            return platform.srs().identification(refId).map(SrsSnapshot::fromJson)
                    .orElseThrow(() -> new SwisscomRejectedException(SrsClient.GET_IDENTIFICATION, 404));
        };
        EventBridgeClient eb = AwsClients.configure(EventBridgeClient.builder(), c, EnvVar.AWS_ENDPOINT_URL_EVENTBRIDGE)
                .httpClient(AwsClients.httpClient()).build();
        StatusEventPublisher events = new StatusEventPublisher(eb, c.string(PollSettings.STATUS_EVENT_BUS_NAME),
                c.string(PollSettings.STATUS_EVENT_SOURCE, StatusEventPublisher.DEFAULT_SOURCE), webhookSignature(platform), clock);
        PollPorts.Cancels cancels = refId -> platform.srs().cancelIdentification(refId);
        return new PollWorker(new PollEngine(settings), wrap.items(items), wrap.srs(srs), wrap.ra(evidence),
                signing(platform, smartFlowsLookup).map(wrap::signing), cancels, wrap.events(events), queue(c), clock);
    }

    /** The webhook's signer, read from its secret on the first event; null without a webhook (no secret id). */
    static Supplier<WebhookSignature> webhookSignature(Platform platform) {
        String secretId = platform.config().string(EnvVar.WEBHOOK_SIGNING_SECRET_ID, "");
        if (secretId.isBlank()) {
            return null;
        }
        return Lazy.of(() -> new WebhookSignature(platform.secretStore().read(secretId).orElseThrow(
                () -> new IllegalStateException("webhook signing secret " + secretId + " has no value"))));
    }

    /**
     * Where the SP runs T&amp;C through Smart Flows ({@code TERMS_FLOW_ENABLED}) or checks can-sign there
     * ({@code LOOKUP_SOURCE=smartflows}), its signing status confirms can-sign
     * (a serial mismatch means re-identification); scope {@code smartflow} tokens, the terms function's cache secret.
     */
    static Optional<PollPorts.SigningSource> signing(Platform platform, SmartFlowsLookup smartFlowsLookup) {
        if (smartFlowsLookup != null) {
            return Optional.of(smartFlowsLookup::signingStatus);   // the status its lookup just fetched: no second call
        }
        if (!SilentSms.termsFlowEnabled(platform.config())) {
            return Optional.empty();
        }
        return Optional.of(smartFlows(platform)::evidenceStatus);
    }

    private static SmartFlowsClient smartFlows(Platform platform) {
        return new SmartFlowsClient(platform.swisscomHttp(), platform.smartFlowsTokens(),
                platform.config().uri(EnvVar.SMARTFLOWS_BASE_URL));
    }

    static DynamoDbClient dynamo(Config c) {
        return AwsClients.configure(DynamoDbClient.builder(), c, EnvVar.AWS_ENDPOINT_URL_DYNAMODB)
                .httpClient(AwsClients.httpClient()).build();
    }

    static SqsPollQueue queue(Config c) {
        return SqsPollQueue.fromConfig(c);
    }
}
