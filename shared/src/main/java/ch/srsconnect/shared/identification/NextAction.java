package ch.srsconnect.shared.identification;

/**
 * What the Service Provider should do next about an identification (srs-api.md §4, "SP's next step").
 * The explanation is a short English sentence an SP frontend may show or log.
 */
public enum NextAction {
    /** {@code created}: SRS is still setting the order up with the identity provider. */
    WAIT_FOR_TARGET_URL("The order is being set up with the identification partner; the target URL is not ready yet. Keep refId, orderId and targetUrl."),
    /** {@code initialized}: the target URL is ready. */
    SEND_USER_TO_TARGET_URL("The target URL is ready: show the redirect notice and send the user to it."),
    /** {@code identification_done}, {@code data_ready}, unknown statuses: nothing to do yet. */
    WAIT("The user finished or the evidence is being prepared; nothing to do but wait."),
    /** {@code terminated}: evidence is at the RA; look it up until the user can sign. */
    CHECK_TERMS("The evidence is at the registration authority; look it up until the user can sign (the user may still have to accept the terms and conditions). Selfie-Ident users can usually sign already."),
    /** {@code aborted} (Intrum): the user stopped; the same target URL may be retried. */
    OFFER_RETRY_SAME_URL("The user stopped the identification; offer to retry with the same target URL."),
    /** {@code error}, {@code timeout}, {@code canceled}: this order is over. */
    NEW_ORDER("This identification order is over; place a new order if the user still needs to be identified."),
    /** {@code negatively_conducted}: the partner rejected the user (data mismatch, invalid document...). */
    CHECK_REASON_THEN_NEW_ORDER("The identification partner rejected the identification; check the reason with the user (data mismatch, invalid document...) before placing a new order."),
    /**
     * {@code terminated} for an order placed with {@code silentSms}: SRS sent no T&amp;C SMS, so the user accepts the
     * T&amp;C through this API (issue 5).
     */
    ACCEPT_TERMS_HERE("The evidence is at the registration authority and no T&C SMS was sent (silent SMS): let the user accept the terms here (GET /evidence/{msisdn}/terms, then POST /evidence/{msisdn}/terms/confirm)."),
    /**
     * Swisscom kept refusing to tell us about this identification (e.g. SRS 404 for the refId, RA 401/403): tracking
     * ended. Not derived from an SRS status.
     */
    CONTACT_SUPPORT("Swisscom keeps refusing to report on this identification, so tracking ended: check the reason, then contact Swisscom support with the refId and orderId (support block)."),
    /**
     * The RA found the evidence, but Smart Flows' signing status is a serial mismatch (guide §6.1.4: password reset, or
     * Mobile ID re-activated without recovery code): the evidence no longer fits the user's signing means. Only where
     * the SP runs Smart Flows (TERMS_FLOW_ENABLED). Not derived from an SRS status.
     */
    RE_IDENTIFY("The user's evidence no longer matches their signing means (serial mismatch: password reset or Mobile ID re-activated), so the user cannot sign with it: place a new identification order."),
    /** Lookup succeeded: evidence imported and T&amp;C accepted. Not derived from an SRS status. */
    READY_TO_SIGN("The user is identified and has accepted the terms and conditions: the user can sign.");

    private final String explanation;

    NextAction(String explanation) {
        this.explanation = explanation;
    }

    public String explanation() {
        return explanation;
    }
}
