package ch.srsconnect.shared.polling;

import ch.srsconnect.shared.http.SwisscomProtocolException;
import ch.srsconnect.shared.identification.StatusEntry;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What SRS said about one identification ({@code GET /api/identifications/{refId}}, srs-api.md §4): the full
 * status history, the mobile number (the user may have entered it at the IPSP; the lookup needs it) and the
 * evidence id once there is one (support asks for it, guide §7).
 */
public record SrsSnapshot(List<StatusEntry> statuses, String mobile, String evidenceId) {

    /** SRS's evidence id is kept for support, at most this long (a longer one is not an id: not kept). */
    public static final int MAX_EVIDENCE_ID_LENGTH = 200;

    public static final String ENDPOINT = ch.srsconnect.shared.srs.SrsClient.GET_IDENTIFICATION;

    public SrsSnapshot {
        statuses = List.copyOf(statuses);
        if (evidenceId != null && (evidenceId.isBlank() || evidenceId.length() > MAX_EVIDENCE_ID_LENGTH)) evidenceId = null;
    }

    public SrsSnapshot(List<StatusEntry> statuses, String mobile) {
        this(statuses, mobile, null);
    }

    /** Reads SRS's JSON; an answer without a {@code statuses} array is a protocol error, odd entries are kept verbatim. */
    public static SrsSnapshot fromJson(JsonNode n) {
        if (n == null || !n.isObject() || !n.path("statuses").isArray()) {
            throw new SwisscomProtocolException(ENDPOINT, "expected an object with a statuses array");
        }
        List<StatusEntry> entries = new ArrayList<>();
        for (JsonNode s : n.get("statuses")) {
            entries.add(StatusEntry.fromWire(text(s, "status"), text(s, "date"), text(s, "reason"), text(s, "kind")));
        }
        return new SrsSnapshot(entries, phoneNumber(text(n, "mobile")), text(n, "evidenceId"));
    }

    private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{6,14}");

    /** SRS's mobile as E.164 ({@code +41791234567}), or null when it is none: it becomes the number the RA is asked for. */
    static String phoneNumber(String mobile) {
        if (mobile == null || mobile.length() > 40) return null;
        String compact = mobile.replaceAll("\\s", "");
        return E164.matcher(compact).matches() ? compact : null;
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
