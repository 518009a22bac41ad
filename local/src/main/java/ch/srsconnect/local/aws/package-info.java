/**
 * Embedded AWS stand-ins for the local runtime and tests (never deployed).
 *
 * <p>{@link ch.srsconnect.local.aws.EmbeddedAws} is the entry point: it starts, on free loopback ports,
 * <ul>
 *   <li>DynamoDB Local (in memory, shared database) — {@link ch.srsconnect.local.aws.EmbeddedDynamoDb};</li>
 *   <li>ElasticMQ's SQS server, with region and account so ARNs are real-looking —
 *       {@link ch.srsconnect.local.aws.EmbeddedSqs};</li>
 *   <li>a Secrets Manager stand-in — {@link ch.srsconnect.local.aws.SecretsManagerStandIn};</li>
 *   <li>an EventBridge stand-in that records events ({@code GET /_events}) —
 *       {@link ch.srsconnect.local.aws.EventBridgeStandIn}.</li>
 * </ul>
 * The last two are written here on {@link ch.srsconnect.local.aws.AwsJsonServer}, a small AWS JSON 1.1
 * protocol server on the JDK's HTTP server, and are exercised with the real SDK v2 clients.
 *
 * <p>Point a process at them with {@link ch.srsconnect.local.aws.EmbeddedAws#endpointEnvironment()}: the SDK
 * v2 (2.42.5, verified by {@code EmbeddedAwsTest}) honours {@code AWS_ENDPOINT_URL_<SERVICE>} on its own, and
 * code that reads the variables and sets {@code endpointOverride} works the same. In-process clients use
 * {@code endpointOverride(aws.xxxEndpoint())} with static dummy credentials.
 *
 * <p>Nothing registers a JVM shutdown hook: whoever starts {@code EmbeddedAws} closes it (try-with-resources,
 * or a shutdown hook of the runtime). Logging: ElasticMQ, Pekko and the SDK log through SLF4J
 * (slf4j-simple, levels in {@code simplelogger.properties}); DynamoDB Local logs through its own log4j2
 * configuration at WARN.
 */
package ch.srsconnect.local.aws;
