package software.amazon.awssdk.regions;

import java.util.Map;
import software.amazon.awssdk.regions.servicemetadata.DynamodbServiceMetadata;
import software.amazon.awssdk.regions.servicemetadata.EventsServiceMetadata;
import software.amazon.awssdk.regions.servicemetadata.SecretsmanagerServiceMetadata;
import software.amazon.awssdk.regions.servicemetadata.SqsServiceMetadata;

/**
 * srs-connect's build puts this class in a function zip in place of the SDK's generated one (decision 0060). The
 * SDK's class builds the metadata of every AWS service, about 310 classes, on the first client build: the signing
 * region is looked up there. This one holds the services srs-connect calls, with the SDK's own metadata classes for
 * them, so their clients resolve exactly as before; for any other service it answers {@code null}, and
 * {@link ServiceMetadata#of} then uses the SDK's {@code DefaultServiceMetadata}, as it does for a service it does not
 * know. {@code FunctionZipsTest} checks a zip's copy; {@code MergeJars} fails the build if the SDK stops having the
 * class it replaces.
 */
public final class GeneratedServiceMetadataProvider implements ServiceMetadataProvider {
    private static final Map<String, ServiceMetadata> SERVICE_METADATA = Map.of(
            "dynamodb", new DynamodbServiceMetadata(),
            "events", new EventsServiceMetadata(),
            "secretsmanager", new SecretsmanagerServiceMetadata(),
            "sqs", new SqsServiceMetadata());

    @Override
    public ServiceMetadata serviceMetadata(String endpointPrefix) {
        return SERVICE_METADATA.get(endpointPrefix);
    }
}
