package ch.srsconnect.shared.events;

import ch.srsconnect.shared.polling.PollPorts;
import ch.srsconnect.shared.polling.StatusChange;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;

/**
 * Puts {@code Identification Status Changed} events on the status event bus (STATUS_EVENT_BUS_NAME), at most
 * 10 per PutEvents call. Detail: {@code changeId, kind, id, owner, refId, issuer, method, oldStatus, newStatus,
 * statusDate, phase, canSign, recommendedAction} — no msisdn, names, target URL or SRS reason text.
 * A partly failed PutEvents throws, so the poll is repeated (events are at least once; dedupe on changeId).
 * With a webhook (WEBHOOK_SIGNING_SECRET_ID), the detail also carries {@code signedAt} and {@code signature}
 * ({@link WebhookSignature}): EventBridge's API destination cannot sign, so the event is signed before it is put.
 */
public final class StatusEventPublisher implements PollPorts.Events {
    public static final String DETAIL_TYPE = "Identification Status Changed";
    public static final String DEFAULT_SOURCE = "srs-connect";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final EventBridgeClient client;
    private final String busName;
    private final String source;
    private final Supplier<WebhookSignature> signature;
    private final Clock clock;

    /** Unsigned events (no webhook). */
    public StatusEventPublisher(EventBridgeClient client, String busName, String source) {
        this(client, busName, source, null, Clock.systemUTC());
    }

    /** {@code signature}: null for unsigned events; else read on the first publish (the signing secret's value). */
    public StatusEventPublisher(EventBridgeClient client, String busName, String source,
                                Supplier<WebhookSignature> signature, Clock clock) {
        this.client = Objects.requireNonNull(client);
        this.busName = Objects.requireNonNull(busName);
        this.source = Objects.requireNonNull(source);
        this.signature = signature;
        this.clock = Objects.requireNonNull(clock);
    }

    @Override
    public void publish(List<StatusChange> changes) {
        for (int from = 0; from < changes.size(); from += 10) {
            List<PutEventsRequestEntry> entries = new ArrayList<>();
            for (StatusChange c : changes.subList(from, Math.min(changes.size(), from + 10))) {
                entries.add(PutEventsRequestEntry.builder()
                        .eventBusName(busName).source(source).detailType(DETAIL_TYPE).detail(signed(c)).build());
            }
            PutEventsResponse r = client.putEvents(b -> b.entries(entries));
            if (r.failedEntryCount() != null && r.failedEntryCount() > 0) {
                throw new IllegalStateException(r.failedEntryCount() + " status events were not accepted by EventBridge");
            }
        }
    }

    private String signed(StatusChange c) {
        return signature == null ? detail(c) : signature.get().sign(detailNode(c), clock.instant()).toString();
    }

    /** The event detail as JSON. */
    public static String detail(StatusChange c) {
        return detailNode(c).toString();
    }

    private static ObjectNode detailNode(StatusChange c) {
        ObjectNode n = JSON.createObjectNode();
        n.put("changeId", c.changeId());
        n.put("kind", c.kind().name());
        n.put("id", c.id());
        n.put("owner", c.owner());
        n.put("refId", c.refId());
        n.put("issuer", c.issuer());
        n.put("method", c.method());
        n.put("oldStatus", c.oldStatus());
        n.put("newStatus", c.newStatus());
        n.put("statusDate", c.statusDate() == null ? null : c.statusDate().toString());
        n.put("phase", c.phase().name());
        if (c.canSign() == null) {
            n.putNull("canSign");
        } else {
            n.put("canSign", c.canSign());
        }
        n.put("recommendedAction", c.recommendedAction().name());
        return n;
    }
}
