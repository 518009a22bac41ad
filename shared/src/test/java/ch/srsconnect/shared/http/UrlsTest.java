package ch.srsconnect.shared.http;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class UrlsTest {
    @Test
    void joinsBaseAndPathAndEncodesRepeatedParameters() {
        Map<String, List<String>> q = new LinkedHashMap<>();
        q.put("jurisdiction", List.of("ZERTES", "EIDAS"));
        q.put("issuer", List.of("a b&c"));
        assertEquals(URI.create("https://srs.example/base/api/providers?jurisdiction=ZERTES&jurisdiction=EIDAS&issuer=a%20b%26c"),
                Urls.resolve(URI.create("https://srs.example/base/"), "/api/providers", q));
        assertEquals(URI.create("http://h:1/api/identifications/a%2Fb"),
                Urls.resolve(URI.create("http://h:1"), "/api/identifications/" + Urls.segment("a/b")));
    }
}
