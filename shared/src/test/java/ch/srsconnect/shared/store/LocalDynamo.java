package ch.srsconnect.shared.store;

import com.amazonaws.services.dynamodbv2.local.embedded.DynamoDBEmbedded;
import com.amazonaws.services.dynamodbv2.local.shared.access.AmazonDynamoDBLocal;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * One in-process DynamoDB Local for all store test classes, and a client that records every operation
 * called on it (so a test can prove the store never scans).
 */
final class LocalDynamo {

    private static AmazonDynamoDBLocal instance;
    private static final List<String> OPERATIONS = new CopyOnWriteArrayList<>();
    private static DynamoDbClient recording;

    private LocalDynamo() {
    }

    static synchronized DynamoDbClient client() {
        if (instance == null) {
            instance = DynamoDBEmbedded.create(null, true);
            DynamoDbClient raw = instance.dynamoDbClient();
            recording = (DynamoDbClient) Proxy.newProxyInstance(LocalDynamo.class.getClassLoader(),
                    new Class<?>[] {DynamoDbClient.class}, (proxy, method, args) -> {
                        OPERATIONS.add(method.getName());
                        try {
                            return method.invoke(raw, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
            Runtime.getRuntime().addShutdownHook(new Thread(instance::shutdown));
        }
        return recording;
    }

    /** Every operation called on {@link #client()} since the JVM started, in order (e.g. {@code putItem}, {@code query}). */
    static List<String> operations() {
        return List.copyOf(OPERATIONS);
    }

    /** A fresh table as {@link TableDefinition} describes it. */
    static String newTable() {
        String name = "identifications-" + UUID.randomUUID();
        DynamoDbClient c = client();
        c.createTable(TableDefinition.createTableRequest(name));
        c.updateTimeToLive(TableDefinition.timeToLiveRequest(name));
        return name;
    }
}
