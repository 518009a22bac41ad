package ch.srsconnect.shared.order;

import ch.srsconnect.shared.catalogue.Catalogue;
import ch.srsconnect.shared.catalogue.CatalogueEntry;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RetentionTest {

    @Test
    void anIntrumOrderOutlivesItsNinetyDayTargetUrlAndTheLookupPhase() {
        CatalogueEntry intrum = Catalogue.find("intrum-video", "video").orElseThrow();
        Duration keep = IdentificationService.keepFor(intrum, Duration.ofDays(90));
        assertTrue(keep.compareTo(Duration.ofDays(97)) > 0, keep.toString());
    }

    @Test
    void aLongerConfiguredRetentionWins() {
        CatalogueEntry klarna = Catalogue.find("KLARNA", "bank").orElseThrow();
        assertEquals(Duration.ofDays(400), IdentificationService.keepFor(klarna, Duration.ofDays(400)));
    }
}
