package ch.srsconnect.shared.order;

import ch.srsconnect.shared.polling.Tracking;
import ch.srsconnect.shared.catalogue.Catalogue;
import ch.srsconnect.shared.catalogue.CatalogueEntry;
import ch.srsconnect.shared.catalogue.FirstCheck;
import ch.srsconnect.shared.catalogue.RedirectNotice;
import ch.srsconnect.shared.identification.Identification;
import ch.srsconnect.shared.identification.NextAction;
import ch.srsconnect.shared.identification.StatusEntry;
import ch.srsconnect.shared.json.Json;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** JSON the SP sees for an identification. Never personal data beyond the msisdn the caller sent. */
public final class IdentificationViews {
    /** Status of a write-ahead record while SRS is being asked. */
    public static final String PLACING = "placing";
    /** Status when SRS may or may not have created the order (no answer). */
    public static final String UNKNOWN = "unknown";

    private IdentificationViews() {
    }

    /** Full view: state, history with dates and reasons, next action, support data. */
    public static ObjectNode detail(Identification i) {
        ObjectNode n = summary(i);
        // what polling found out (decision 0020): evidence expiry and its 90-day flag, when we check next
        ObjectNode tracking = n.putObject("tracking");
        Tracking.view(i, Instant.now()).forEach((k, v) -> {
            if (v == null) {
                tracking.putNull(k);
            } else if (v instanceof Boolean b) {
                tracking.put(k, b);
            } else {
                tracking.put(k, v.toString());
            }
        });
        ArrayNode h = n.putArray("statusHistory");
        for (StatusEntry e : i.statusHistory()) {
            ObjectNode o = h.addObject();
            o.put("status", e.status().value());
            o.put("date", e.date() == null ? null : e.date().toString());
            o.put("reason", e.reason());
        }
        ObjectNode support = n.putObject("support");
        support.put("refId", i.refId());
        support.put("orderId", i.orderId());
        support.put("issuer", i.issuer());
        support.put("method", i.method());
        support.put("evidenceId", i.evidenceId());
        return n;
    }

    /** Listing view. */
    public static ObjectNode summary(Identification i) {
        ObjectNode n = Json.object();
        n.put("id", i.id());
        n.put("status", i.status().value());
        n.put("reason", i.reason());
        n.put("phase", Tracking.shownPhase(i).name());
        NextAction next = nextAction(i);
        ObjectNode na = n.putObject("nextAction");
        na.put("action", next.name());
        na.put("explanation", i.refId() == null ? outcomeUnknownExplanation() : next.explanation());
        n.put("issuer", i.issuer());
        n.put("method", i.method());
        n.put("msisdn", i.msisdn());
        if (i.orderedMsisdn() != null) {
            n.put("msisdnAtOrder", i.orderedMsisdn());   // SRS reports the number the user changed to
        }
        n.put("externalId", i.externalId());
        n.put("refId", i.refId());
        n.put("orderId", i.orderId());
        n.put("targetUrl", i.targetUrl());
        if (i.canSign() != null) {
            n.put("canSign", i.canSign());
        }
        n.put("createdAt", i.createdAt().toString());
        n.put("updatedAt", i.updatedAt().toString());
        return n;
    }

    /** Without a refId SRS's answer never arrived: nothing to wait for at SRS. */
    public static NextAction nextAction(Identification i) {
        return i.refId() == null ? NextAction.NEW_ORDER : Tracking.recommendedAction(i);
    }

    static String outcomeUnknownExplanation() {
        return "SRS did not confirm this order (no answer in time), so it has no target URL; place a new order.";
    }

    /** The 201 body of a new order. */
    public static ObjectNode created(Identification i, CatalogueEntry entry, String language, List<ObjectNode> canceledEarlier) {
        ObjectNode n = detail(i);
        RedirectNotice notice = RedirectNotice.STANDARD.render(i.targetUrl());
        String lang = "de".equals(language) ? "de" : "en";
        ObjectNode rn = n.putObject("redirectNotice");
        rn.put("language", lang);
        rn.put("text", lang.equals("de") ? notice.de() : notice.en());
        n.set("expectedResult", expectedResult(entry, i.createdAt()));
        ArrayNode c = n.putArray("canceledEarlier");
        canceledEarlier.forEach(c::add);
        return n;
    }

    /** When a result can be expected (the catalogue's first-check timing), or null when undocumented. */
    static ObjectNode expectedResult(CatalogueEntry entry, Instant placedAt) {
        FirstCheck fc = entry == null ? null : entry.firstCheck();
        ObjectNode n = Json.object();
        if (fc == null) {
            n.putNull("after");
            n.put("note", entry != null && entry == Catalogue.TEST
                    ? "Test method: the result comes when a tester picks the outcome at the target URL."
                    : "The guide gives no timing for this method.");
            return n;
        }
        n.put("after", switch (fc.anchor()) {
            case ORDER_PLACED -> "orderPlaced";
            case USER_STARTED -> "userStarted";
            case TERMINATED -> "terminated";
        });
        n.put("minDelay", fc.minDelay().toString());
        n.put("maxDelay", fc.maxDelay().toString());
        if (fc.anchor() == FirstCheck.Anchor.ORDER_PLACED) {
            n.put("earliestAt", placedAt.plus(fc.minDelay()).toString());
            n.put("latestAt", placedAt.plus(fc.maxDelay()).toString());
        }
        n.put("note", "First result " + fc.minDelay().toString().substring(2).toLowerCase(Locale.ROOT) + " to "
                + fc.maxDelay().toString().substring(2).toLowerCase(Locale.ROOT) + " after "
                + n.get("after").asText() + " (catalogue: " + entry.displayName() + ").");
        return n;
    }
}
