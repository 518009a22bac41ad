package ch.srsconnect.simulator;

import java.net.URI;

/** Orders, identification lifecycle, RA evidences (srs-api.md §3–§5). */
final class Lifecycle {

    private final SimulatorOptions options;
    private final Catalogue catalogue;
    private final URI baseUrl;

    Lifecycle(SimulatorOptions options, Catalogue catalogue, URI baseUrl) {
        this.options = options;
        this.catalogue = catalogue;
        this.baseUrl = baseUrl;
    }

    void registerRoutes(SrsSimulator.RouteSink sink) {
    }
}
