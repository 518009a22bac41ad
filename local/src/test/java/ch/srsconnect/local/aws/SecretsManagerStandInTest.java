package ch.srsconnect.local.aws;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.CreateSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.Filter;
import software.amazon.awssdk.services.secretsmanager.model.FilterNameStringType;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.InvalidRequestException;
import software.amazon.awssdk.services.secretsmanager.model.ListSecretsResponse;
import software.amazon.awssdk.services.secretsmanager.model.PutSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceExistsException;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.secretsmanager.model.SecretListEntry;
import software.amazon.awssdk.services.secretsmanager.model.Tag;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(SharedAws.class)
class SecretsManagerStandInTest {

    private static SecretsManagerClient sm;

    @BeforeAll
    static void client() {
        sm = SharedAws.client(SecretsManagerClient.builder(), SharedAws.aws().secretsManagerEndpoint());
    }

    @AfterAll
    static void closeClient() {
        sm.close();
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void createThenGetByNameFullArnAndPartialArn() {
        String name = unique("srs/credentials");
        CreateSecretResponse created = sm.createSecret(b -> b.name(name)
                .secretString("{\"clientId\":\"a\",\"clientSecret\":\"b\"}")
                .description("SRS client credentials")
                .tags(Tag.builder().key("app").value("srs-connect").build()));

        assertTrue(Pattern.matches("arn:aws:secretsmanager:eu-central-2:000000000000:secret:"
                + Pattern.quote(name) + "-[A-Za-z0-9]{6}", created.arn()), created.arn());
        assertEquals(name, created.name());
        assertFalse(created.versionId().isEmpty());

        GetSecretValueResponse byName = sm.getSecretValue(b -> b.secretId(name));
        assertEquals("{\"clientId\":\"a\",\"clientSecret\":\"b\"}", byName.secretString());
        assertEquals(created.versionId(), byName.versionId());
        assertEquals(List.of("AWSCURRENT"), byName.versionStages());
        assertEquals(created.arn(), byName.arn());
        assertTrue(Duration.between(byName.createdDate(), Instant.now()).abs().toSeconds() < 60);

        assertEquals(byName.secretString(), sm.getSecretValue(b -> b.secretId(created.arn())).secretString());
        String partialArn = created.arn().substring(0, created.arn().length() - 7);
        assertEquals(byName.secretString(), sm.getSecretValue(b -> b.secretId(partialArn)).secretString());
    }

    @Test
    void missingSecretIsResourceNotFound() {
        ResourceNotFoundException e = assertThrows(ResourceNotFoundException.class,
                () -> sm.getSecretValue(b -> b.secretId("no-such-secret")));
        assertEquals(400, e.statusCode());
        assertEquals("ResourceNotFoundException", e.awsErrorDetails().errorCode());
        assertThrows(ResourceNotFoundException.class, () -> sm.getSecretValue(b -> b.secretId(
                "arn:aws:secretsmanager:eu-central-2:000000000000:secret:no-such-secret-abcdef")));
    }

    @Test
    void secretWithoutValueHasNoCurrentVersion() {
        String name = unique("empty");
        CreateSecretResponse created = sm.createSecret(b -> b.name(name));
        assertNull(created.versionId());
        assertThrows(ResourceNotFoundException.class, () -> sm.getSecretValue(b -> b.secretId(name)));

        sm.putSecretValue(b -> b.secretId(name).secretString("now"));
        assertEquals("now", sm.getSecretValue(b -> b.secretId(name)).secretString());
    }

    @Test
    void putSecretValueRotatesStages() {
        String name = unique("srs/token-cache/miss");
        String v1 = sm.createSecret(b -> b.name(name).secretString("one")).versionId();
        PutSecretValueResponse put = sm.putSecretValue(b -> b.secretId(name).secretString("two"));
        assertEquals(List.of("AWSCURRENT"), put.versionStages());
        String v2 = put.versionId();
        assertNotEquals(v1, v2);

        assertEquals("two", sm.getSecretValue(b -> b.secretId(name)).secretString());
        GetSecretValueResponse previous = sm.getSecretValue(b -> b.secretId(name).versionStage("AWSPREVIOUS"));
        assertEquals("one", previous.secretString());
        assertEquals(v1, previous.versionId());
        assertEquals("one", sm.getSecretValue(b -> b.secretId(name).versionId(v1)).secretString());

        String v3 = sm.putSecretValue(b -> b.secretId(name).secretString("three")).versionId();
        DescribeSecretResponse described = sm.describeSecret(b -> b.secretId(name));
        assertEquals(List.of("AWSPREVIOUS"), described.versionIdsToStages().get(v2));
        assertEquals(List.of("AWSCURRENT"), described.versionIdsToStages().get(v3));
        assertFalse(described.versionIdsToStages().containsKey(v1), "v1 has no stage left: deprecated");
    }

    @Test
    void sameClientRequestTokenIsIdempotent() {
        String name = unique("idem");
        sm.createSecret(b -> b.name(name).secretString("first"));
        String token = UUID.randomUUID().toString();
        String a = sm.putSecretValue(b -> b.secretId(name).secretString("second").clientRequestToken(token)).versionId();
        String again = sm.putSecretValue(b -> b.secretId(name).secretString("second").clientRequestToken(token)).versionId();
        assertEquals(token, a, "the token is the version id, as in AWS");
        assertEquals(a, again);
        assertEquals("first", sm.getSecretValue(b -> b.secretId(name).versionStage("AWSPREVIOUS")).secretString(),
                "the repeated put did not rotate again");
        assertThrows(ResourceExistsException.class,
                () -> sm.putSecretValue(b -> b.secretId(name).secretString("other").clientRequestToken(token)));

        String createToken = UUID.randomUUID().toString();
        String name2 = unique("idem-create");
        sm.createSecret(b -> b.name(name2).secretString("x").clientRequestToken(createToken));
        assertEquals(createToken, sm.createSecret(b -> b.name(name2).secretString("x")
                .clientRequestToken(createToken)).versionId());
        assertThrows(ResourceExistsException.class, () -> sm.createSecret(b -> b.name(name2).secretString("x")));
    }

    @Test
    void describeListUpdate() {
        String prefix = unique("listing");
        String name = prefix + "/a";
        sm.createSecret(b -> b.name(name).secretString("v").description("first")
                .tags(Tag.builder().key("scope").value("miss").build()));
        sm.createSecret(b -> b.name(prefix + "/b").secretString("v"));

        DescribeSecretResponse d = sm.describeSecret(b -> b.secretId(name));
        assertEquals("first", d.description());
        assertEquals(List.of(Tag.builder().key("scope").value("miss").build()), d.tags());
        assertEquals(1, d.versionIdsToStages().size());
        assertTrue(d.createdDate() != null && d.lastChangedDate() != null);

        sm.updateSecret(b -> b.secretId(name).description("second").secretString("w"));
        assertEquals("second", sm.describeSecret(b -> b.secretId(name)).description());
        assertEquals("w", sm.getSecretValue(b -> b.secretId(name)).secretString());

        ListSecretsResponse listed = sm.listSecrets(b -> b.filters(
                Filter.builder().key(FilterNameStringType.NAME).values(prefix).build()));
        assertEquals(List.of(name, prefix + "/b"), listed.secretList().stream().map(SecretListEntry::name).toList());
        assertEquals(2, listed.secretList().getFirst().secretVersionsToStages().size());

        List<String> paged = sm.listSecretsPaginator(b -> b.maxResults(1).filters(
                        Filter.builder().key(FilterNameStringType.NAME).values(prefix).build()))
                .stream().flatMap(r -> r.secretList().stream()).map(SecretListEntry::name).toList();
        assertEquals(List.of(name, prefix + "/b"), paged);
    }

    @Test
    void deleteWithAndWithoutRecovery() {
        String forced = unique("gone");
        sm.createSecret(b -> b.name(forced).secretString("v"));
        assertTrue(sm.deleteSecret(b -> b.secretId(forced).forceDeleteWithoutRecovery(true)).deletionDate() != null);
        assertThrows(ResourceNotFoundException.class, () -> sm.getSecretValue(b -> b.secretId(forced)));
        sm.createSecret(b -> b.name(forced).secretString("again")); // the name is free at once

        String scheduled = unique("scheduled");
        sm.createSecret(b -> b.name(scheduled).secretString("v"));
        sm.deleteSecret(b -> b.secretId(scheduled).recoveryWindowInDays(7L));
        assertThrows(InvalidRequestException.class, () -> sm.getSecretValue(b -> b.secretId(scheduled)));
        assertTrue(sm.describeSecret(b -> b.secretId(scheduled)).deletedDate() != null);
        sm.restoreSecret(b -> b.secretId(scheduled));
        assertEquals("v", sm.getSecretValue(b -> b.secretId(scheduled)).secretString());
    }

    @Test
    void countsCallsPerOperation() {
        SecretsManagerStandIn standIn = SharedAws.aws().secretsManager();
        String name = unique("counted");
        long before = standIn.callCount("GetSecretValue");
        sm.createSecret(b -> b.name(name).secretString("v"));
        for (int i = 0; i < 3; i++) {
            sm.getSecretValue(b -> b.secretId(name));
        }
        assertEquals(before + 3, standIn.callCount("GetSecretValue"));
        assertTrue(standIn.callCounts().get("CreateSecret") >= 1);
        assertEquals("v", standIn.currentSecretString(name).orElseThrow());
    }

    @Test
    void concurrentPutsAndGetsStayConsistent() throws Exception {
        String name = unique("concurrent");
        sm.createSecret(b -> b.name(name).secretString("0"));
        SecretsManagerStandIn standIn = SharedAws.aws().secretsManager();
        long putsBefore = standIn.callCount("PutSecretValue");
        int threads = 8;
        int perThread = 25;
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(threads)) {
            List<java.util.concurrent.Future<?>> futures = new java.util.ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        String value = id + "-" + i;
                        sm.putSecretValue(b -> b.secretId(name).secretString(value));
                        assertFalse(sm.getSecretValue(b -> b.secretId(name)).secretString().isEmpty());
                    }
                    return null;
                }));
            }
            for (var f : futures) {
                f.get();
            }
        }
        assertEquals(putsBefore + threads * perThread, standIn.callCount("PutSecretValue"));
        DescribeSecretResponse d = sm.describeSecret(b -> b.secretId(name));
        assertEquals(2, d.versionIdsToStages().size(), "exactly one AWSCURRENT and one AWSPREVIOUS");
        long current = d.versionIdsToStages().values().stream().filter(s -> s.contains("AWSCURRENT")).count();
        assertEquals(1, current);
    }

    @Test
    void unknownOperationAndMissingTarget() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        URI endpoint = SharedAws.aws().secretsManagerEndpoint();
        HttpResponse<String> unknown = http.send(HttpRequest.newBuilder(endpoint)
                .header("Content-Type", "application/x-amz-json-1.1")
                .header("X-Amz-Target", "secretsmanager.RotateTheMoon")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(400, unknown.statusCode());
        assertTrue(unknown.body().contains("\"__type\":\"UnknownOperationException\""), unknown.body());
        assertEquals("application/x-amz-json-1.1", unknown.headers().firstValue("Content-Type").orElseThrow());

        HttpResponse<String> noTarget = http.send(HttpRequest.newBuilder(endpoint)
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(400, noTarget.statusCode());
    }
}
