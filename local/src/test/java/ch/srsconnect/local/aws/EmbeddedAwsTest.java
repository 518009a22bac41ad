package ch.srsconnect.local.aws;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(SharedAws.class)
class EmbeddedAwsTest {

    @Test
    void endpointEnvironmentNamesEveryEndpointRegionAndDummyCredentials() {
        EmbeddedAws aws = SharedAws.aws();
        Map<String, String> env = aws.endpointEnvironment();
        assertEquals(List.of("AWS_ENDPOINT_URL_DYNAMODB", "AWS_ENDPOINT_URL_SQS", "AWS_ENDPOINT_URL_SECRETS_MANAGER",
                "AWS_ENDPOINT_URL_EVENTBRIDGE", "AWS_REGION", "AWS_DEFAULT_REGION", "AWS_ACCESS_KEY_ID",
                "AWS_SECRET_ACCESS_KEY"), List.copyOf(env.keySet()));
        assertEquals(aws.dynamoDbEndpoint().toString(), env.get("AWS_ENDPOINT_URL_DYNAMODB"));
        assertEquals(aws.sqsEndpoint().toString(), env.get("AWS_ENDPOINT_URL_SQS"));
        assertEquals(aws.secretsManagerEndpoint().toString(), env.get("AWS_ENDPOINT_URL_SECRETS_MANAGER"));
        assertEquals(aws.eventBridgeEndpoint().toString(), env.get("AWS_ENDPOINT_URL_EVENTBRIDGE"));
        assertEquals("eu-central-2", env.get("AWS_REGION"));
        assertEquals("eu-central-2", aws.region());
        assertEquals("000000000000", aws.accountId());
    }

    /**
     * The SDK v2 (2.42.5) honours the standard {@code AWS_ENDPOINT_URL_<SERVICE>} variables by itself: a
     * JVM given only {@link EmbeddedAws#endpointEnvironment()} reaches every stand-in without endpointOverride.
     */
    @Test
    void sdkHonoursEndpointEnvironmentWithoutEndpointOverride() throws Exception {
        EmbeddedAws aws = SharedAws.aws();
        String secret = "probe-" + UUID.randomUUID();
        aws.secretsManager().resetCallCounts();
        try (var sm = SharedAws.client(software.amazon.awssdk.services.secretsmanager.SecretsManagerClient.builder(),
                aws.secretsManagerEndpoint())) {
            sm.createSecret(b -> b.name(secret).secretString("from-env"));
        }
        long describesBefore = aws.eventBridge().callCount("DescribeEventBus");

        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                EndpointEnvProbe.class.getName(), secret));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("AWS_"));
        env.putAll(aws.endpointEnvironment());
        env.put("AWS_CONFIG_FILE", "/nonexistent");
        env.put("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent");
        Process process = pb.start();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "probe finished");
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), output);

        assertTrue(output.contains("secretsmanager=from-env"), output);
        assertTrue(output.contains("eventbridge=default"), output);
        assertTrue(output.contains("dynamodb=ListTablesResponse"), output);
        assertTrue(output.contains("sqs=ListQueuesResponse"), output);
        assertEquals(1, aws.secretsManager().callCount("GetSecretValue"));
        assertEquals(describesBefore + 1, aws.eventBridge().callCount("DescribeEventBus"));
    }

    @Test
    void aFailedStartStopsWhatDidStart() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            int eventBridgePort = free();
            int sqsPort = free();
            int dynamoPort = free();
            var settings = new EmbeddedAws.Settings("eu-central-2", "000000000000", dynamoPort, sqsPort,
                    taken.getLocalPort(), eventBridgePort);
            assertThrows(RuntimeException.class, () -> EmbeddedAws.start(settings));
            for (int port : List.of(dynamoPort, sqsPort, eventBridgePort)) {
                // the port can be bound again: whatever started on it was stopped
                try (java.net.ServerSocket again = new java.net.ServerSocket(port, 1,
                        java.net.InetAddress.getLoopbackAddress())) {
                    assertEquals(port, again.getLocalPort());
                }
            }
        }
    }

    private static int free() throws IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void closeStopsEverything() throws Exception {
        EmbeddedAws own = EmbeddedAws.start();
        List<Integer> ports = List.of(own.dynamoDbEndpoint().getPort(), own.sqsEndpoint().getPort(),
                own.secretsManagerEndpoint().getPort(), own.eventBridgeEndpoint().getPort());
        for (int port : ports) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                assertTrue(s.isConnected());
            }
        }
        own.close();
        for (int port : ports) {
            assertThrows(ConnectException.class, () -> {
                try (Socket s = new Socket("127.0.0.1", port)) {
                    s.getOutputStream().write(1);
                }
            }, "port " + port + " still open");
        }
    }
}
