package ch.srsconnect.local.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * In-memory AWS Secrets Manager speaking the real wire protocol ({@code X-Amz-Target: secretsmanager.<Op>}).
 *
 * <p>Operations: CreateSecret, GetSecretValue, PutSecretValue, UpdateSecret, DescribeSecret, ListSecrets,
 * DeleteSecret, RestoreSecret. Secrets are found by name, full ARN or partial ARN (without the random
 * suffix). The {@code ClientRequestToken} becomes the version id, as in AWS; repeating a Create/Put/Update
 * with the same token and value is idempotent, with another value it is a {@code ResourceExistsException}.
 * A new version takes {@code AWSCURRENT} (unless other stages are asked for) and the previous current one
 * becomes {@code AWSPREVIOUS}. Thread-safe: every operation runs under the stand-in's lock.
 */
public final class SecretsManagerStandIn extends AwsJsonServer {

    public static final String AWSCURRENT = "AWSCURRENT";
    public static final String AWSPREVIOUS = "AWSPREVIOUS";

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9/_+=.@-]{1,512}");
    private static final String SUFFIX_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    private static final int MAX_DEPRECATED_VERSIONS = 100;

    private final String region;
    private final String accountId;
    private final Map<String, Secret> secrets = new LinkedHashMap<>(); // by name, creation order

    /** Starts on 127.0.0.1:{@code port} (0 for any free port). */
    public SecretsManagerStandIn(int port, String region, String accountId) throws IOException {
        super("secretsmanager", port);
        this.region = Objects.requireNonNull(region);
        this.accountId = Objects.requireNonNull(accountId);
    }

    /** Names of the secrets that exist (including those scheduled for deletion). Not counted as calls. */
    public synchronized List<String> secretNames() {
        return List.copyOf(secrets.keySet());
    }

    /** The AWSCURRENT string of a secret by name or ARN, for inspection. Not counted as a call. */
    public synchronized Optional<String> currentSecretString(String secretId) {
        Secret secret = lookup(secretId);
        if (secret == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(secret.byStage(AWSCURRENT)).map(v -> v.string);
    }

    @Override
    protected synchronized JsonNode handle(String operation, ObjectNode request) {
        return switch (operation) {
            case "CreateSecret" -> create(request);
            case "GetSecretValue" -> getValue(request);
            case "PutSecretValue" -> putValue(request);
            case "UpdateSecret" -> update(request);
            case "DescribeSecret" -> describe(request);
            case "ListSecrets" -> list(request);
            case "DeleteSecret" -> delete(request);
            case "RestoreSecret" -> restore(request);
            default -> throw new AwsError("UnknownOperationException",
                    "Operation " + operation + " is not supported by the Secrets Manager stand-in");
        };
    }

    // ---- operations ----

    private JsonNode create(ObjectNode req) {
        String name = required(req, "Name", "InvalidParameterException");
        if (!NAME.matcher(name).matches()) {
            throw new AwsError("InvalidParameterException", "Invalid name. Must be a valid name containing "
                    + "alphanumeric characters, or any of the following: -/_+=.@!");
        }
        Value value = value(req);
        String token = tokenOf(req);
        Secret existing = secrets.get(name);
        if (existing != null) {
            if (existing.deletedDate != null) {
                throw new AwsError("InvalidRequestException", "You can't create this secret because a secret "
                        + "with this name is already scheduled for deletion.");
            }
            Version same = existing.versions.get(token);
            if (value != null && same != null && same.holds(value)) {
                return NODES.objectNode().put("ARN", existing.arn).put("Name", name).put("VersionId", same.id);
            }
            throw new AwsError("ResourceExistsException",
                    "The operation failed because the secret " + name + " already exists.");
        }
        Instant now = Instant.now();
        Secret secret = new Secret(name, arnFor(name), now);
        secret.description = text(req, "Description");
        secret.kmsKeyId = text(req, "KmsKeyId");
        JsonNode tags = req.get("Tags");
        if (tags != null && tags.isArray()) {
            for (JsonNode tag : tags) {
                secret.tags.put(tag.path("Key").asText(), tag.path("Value").asText());
            }
        }
        secrets.put(name, secret);
        ObjectNode reply = NODES.objectNode().put("ARN", secret.arn).put("Name", name);
        if (value != null) {
            Version v = addVersion(secret, token, value, List.of(AWSCURRENT), now);
            reply.put("VersionId", v.id);
        }
        return reply;
    }

    private JsonNode getValue(ObjectNode req) {
        Secret secret = find(req);
        requireNotDeleted(secret);
        String versionId = text(req, "VersionId");
        String stage = text(req, "VersionStage");
        Version version;
        if (versionId != null) {
            version = secret.versions.get(versionId);
            if (version == null || (stage != null && !version.stages.contains(stage))) {
                throw new AwsError("ResourceNotFoundException", "Secrets Manager can't find the specified secret "
                        + "value for VersionId: " + versionId);
            }
        } else {
            String wanted = stage == null ? AWSCURRENT : stage;
            version = secret.byStage(wanted);
            if (version == null) {
                throw new AwsError("ResourceNotFoundException", "Secrets Manager can't find the specified secret "
                        + "value for staging label: " + wanted);
            }
        }
        secret.lastAccessed = Instant.now().truncatedTo(ChronoUnit.DAYS);
        ObjectNode reply = NODES.objectNode().put("ARN", secret.arn).put("Name", secret.name).put("VersionId", version.id);
        if (version.string != null) {
            reply.put("SecretString", version.string);
        }
        if (version.binary != null) {
            reply.put("SecretBinary", version.binary);
        }
        ArrayNode stages = reply.putArray("VersionStages");
        version.stages.forEach(stages::add);
        reply.set("CreatedDate", timestamp(version.created));
        return reply;
    }

    private JsonNode putValue(ObjectNode req) {
        Secret secret = find(req);
        requireNotDeleted(secret);
        Value value = value(req);
        if (value == null) {
            throw new AwsError("InvalidParameterException", "You must provide either SecretString or SecretBinary.");
        }
        List<String> stages = new ArrayList<>();
        JsonNode asked = req.get("VersionStages");
        if (asked != null && asked.isArray() && !asked.isEmpty()) {
            asked.forEach(s -> stages.add(s.asText()));
        } else {
            stages.add(AWSCURRENT);
        }
        Version v = putVersion(secret, tokenOf(req), value, stages);
        ObjectNode reply = NODES.objectNode().put("ARN", secret.arn).put("Name", secret.name).put("VersionId", v.id);
        ArrayNode out = reply.putArray("VersionStages");
        v.stages.forEach(out::add);
        return reply;
    }

    private JsonNode update(ObjectNode req) {
        Secret secret = find(req);
        requireNotDeleted(secret);
        Instant now = Instant.now();
        if (req.has("Description")) {
            secret.description = text(req, "Description");
            secret.lastChanged = now;
        }
        if (req.has("KmsKeyId")) {
            secret.kmsKeyId = text(req, "KmsKeyId");
            secret.lastChanged = now;
        }
        ObjectNode reply = NODES.objectNode().put("ARN", secret.arn).put("Name", secret.name);
        Value value = value(req);
        if (value != null) {
            Version v = putVersion(secret, tokenOf(req), value, List.of(AWSCURRENT));
            reply.put("VersionId", v.id);
        }
        return reply;
    }

    private JsonNode describe(ObjectNode req) {
        Secret secret = find(req);
        ObjectNode reply = summary(secret);
        reply.set("VersionIdsToStages", reply.remove("SecretVersionsToStages"));
        return reply;
    }

    private JsonNode list(ObjectNode req) {
        boolean includeDeleted = req.path("IncludePlannedDeletion").asBoolean(false);
        int max = req.path("MaxResults").asInt(100);
        if (max < 1 || max > 100) {
            throw new AwsError("InvalidParameterException", "MaxResults must be between 1 and 100.");
        }
        int start = 0;
        String next = text(req, "NextToken");
        if (next != null) {
            try {
                start = Integer.parseInt(next);
            } catch (NumberFormatException e) {
                throw new AwsError("InvalidNextTokenException", "The NextToken value is not valid.");
            }
        }
        List<Secret> matching = new ArrayList<>();
        for (Secret s : secrets.values()) {
            if ((includeDeleted || s.deletedDate == null) && matches(s, req.get("Filters"))) {
                matching.add(s);
            }
        }
        if ("desc".equalsIgnoreCase(text(req, "SortOrder"))) {
            java.util.Collections.reverse(matching);
        }
        ObjectNode reply = NODES.objectNode();
        ArrayNode list = reply.putArray("SecretList");
        int end = Math.min(matching.size(), start + max);
        for (int i = start; i < end; i++) {
            list.add(summary(matching.get(i)));
        }
        if (end < matching.size()) {
            reply.put("NextToken", Integer.toString(end));
        }
        return reply;
    }

    private JsonNode delete(ObjectNode req) {
        Secret secret = find(req);
        boolean force = req.path("ForceDeleteWithoutRecovery").asBoolean(false);
        JsonNode window = req.get("RecoveryWindowInDays");
        if (force && window != null && !window.isNull()) {
            throw new AwsError("InvalidParameterException", "You can't use ForceDeleteWithoutRecovery in conjunction "
                    + "with RecoveryWindowInDays.");
        }
        Instant now = Instant.now();
        Instant deletionDate;
        if (force) {
            secrets.remove(secret.name);
            deletionDate = now;
        } else {
            if (secret.deletedDate != null) {
                throw new AwsError("InvalidRequestException", "You can't perform this operation on the secret "
                        + "because it was already scheduled for deletion.");
            }
            int days = window == null || window.isNull() ? 30 : window.asInt();
            if (days < 7 || days > 30) {
                throw new AwsError("InvalidParameterException", "The RecoveryWindowInDays value must be between "
                        + "7 and 30 days (inclusive).");
            }
            secret.deletedDate = now;
            deletionDate = now.plus(Duration.ofDays(days));
        }
        ObjectNode reply = NODES.objectNode().put("ARN", secret.arn).put("Name", secret.name);
        reply.set("DeletionDate", timestamp(deletionDate));
        return reply;
    }

    private JsonNode restore(ObjectNode req) {
        Secret secret = find(req);
        secret.deletedDate = null;
        return NODES.objectNode().put("ARN", secret.arn).put("Name", secret.name);
    }

    // ---- model ----

    private Version putVersion(Secret secret, String token, Value value, List<String> stages) {
        Version existing = secret.versions.get(token);
        if (existing != null) {
            if (existing.holds(value)) {
                return existing; // the same request again: idempotent
            }
            throw new AwsError("ResourceExistsException",
                    "You can't modify an existing version, you can only create a new version.");
        }
        return addVersion(secret, token, value, stages, Instant.now());
    }

    private static Version addVersion(Secret secret, String token, Value value, List<String> stages, Instant now) {
        Version version = new Version(token, value, now);
        for (String stage : stages) {
            Version holder = secret.byStage(stage);
            if (holder != null) {
                holder.stages.remove(stage);
                if (AWSCURRENT.equals(stage)) {
                    Version previous = secret.byStage(AWSPREVIOUS);
                    if (previous != null) {
                        previous.stages.remove(AWSPREVIOUS);
                    }
                    holder.stages.add(AWSPREVIOUS);
                }
            }
            version.stages.add(stage);
        }
        secret.versions.put(version.id, version);
        secret.lastChanged = now;
        pruneDeprecated(secret);
        return version;
    }

    private static void pruneDeprecated(Secret secret) {
        long deprecated = secret.versions.values().stream().filter(v -> v.stages.isEmpty()).count();
        Iterator<Version> it = secret.versions.values().iterator();
        while (deprecated > MAX_DEPRECATED_VERSIONS && it.hasNext()) {
            if (it.next().stages.isEmpty()) {
                it.remove();
                deprecated--;
            }
        }
    }

    private ObjectNode summary(Secret s) {
        ObjectNode node = NODES.objectNode().put("ARN", s.arn).put("Name", s.name);
        if (s.description != null) {
            node.put("Description", s.description);
        }
        if (s.kmsKeyId != null) {
            node.put("KmsKeyId", s.kmsKeyId);
        }
        node.set("CreatedDate", timestamp(s.created));
        node.set("LastChangedDate", timestamp(s.lastChanged));
        if (s.lastAccessed != null) {
            node.set("LastAccessedDate", timestamp(s.lastAccessed));
        }
        if (s.deletedDate != null) {
            node.set("DeletedDate", timestamp(s.deletedDate));
        }
        if (!s.tags.isEmpty()) {
            ArrayNode tags = node.putArray("Tags");
            s.tags.forEach((k, v) -> tags.addObject().put("Key", k).put("Value", v));
        }
        ObjectNode stages = node.putObject("SecretVersionsToStages");
        s.versions.values().stream().filter(v -> !v.stages.isEmpty()).forEach(v -> {
            ArrayNode arr = stages.putArray(v.id);
            v.stages.forEach(arr::add);
        });
        return node;
    }

    private static boolean matches(Secret s, JsonNode filters) {
        if (filters == null || !filters.isArray()) {
            return true;
        }
        for (JsonNode filter : filters) {
            String key = filter.path("Key").asText();
            boolean any = false;
            for (JsonNode v : filter.path("Values")) {
                String value = v.asText();
                boolean negate = value.startsWith("!");
                String prefix = negate ? value.substring(1) : value;
                boolean hit = switch (key) {
                    case "name" -> s.name.startsWith(prefix);
                    case "description" -> s.description != null && s.description.startsWith(prefix);
                    case "tag-key" -> s.tags.keySet().stream().anyMatch(k -> k.startsWith(prefix));
                    case "tag-value" -> s.tags.values().stream().anyMatch(t -> t.startsWith(prefix));
                    case "all" -> s.name.startsWith(prefix)
                            || (s.description != null && s.description.startsWith(prefix))
                            || s.tags.keySet().stream().anyMatch(k -> k.startsWith(prefix))
                            || s.tags.values().stream().anyMatch(t -> t.startsWith(prefix));
                    default -> throw new AwsError("InvalidParameterException", "Invalid filter key: " + key);
                };
                if (hit != negate) {
                    any = true;
                }
            }
            if (!any) {
                return false;
            }
        }
        return true;
    }

    private Secret find(JsonNode req) {
        String id = required(req, "SecretId", "InvalidParameterException");
        Secret secret = lookup(id);
        if (secret == null) {
            throw new AwsError("ResourceNotFoundException", "Secrets Manager can't find the specified secret.");
        }
        return secret;
    }

    private Secret lookup(String id) {
        if (id.startsWith("arn:")) {
            for (Secret s : secrets.values()) {
                if (s.arn.equals(id) || (s.arn.length() == id.length() + 7 && s.arn.startsWith(id + "-"))) {
                    return s;
                }
            }
            return null;
        }
        return secrets.get(id);
    }

    private static void requireNotDeleted(Secret secret) {
        if (secret.deletedDate != null) {
            throw new AwsError("InvalidRequestException", "You can't perform this operation on the secret "
                    + "because it was marked for deletion.");
        }
    }

    private static Value value(JsonNode req) {
        String string = text(req, "SecretString");
        String binary = text(req, "SecretBinary");
        if (string != null && binary != null) {
            throw new AwsError("InvalidParameterException",
                    "You can't specify both a binary secret value and a string secret value in the same secret.");
        }
        return string == null && binary == null ? null : new Value(string, binary);
    }

    private static String tokenOf(JsonNode req) {
        String token = text(req, "ClientRequestToken");
        if (token == null) {
            return UUID.randomUUID().toString();
        }
        if (token.length() < 32 || token.length() > 64) {
            throw new AwsError("InvalidParameterException",
                    "ClientRequestToken must be between 32 and 64 characters long.");
        }
        return token;
    }

    private String arnFor(String name) {
        StringBuilder suffix = new StringBuilder(6);
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < 6; i++) {
            suffix.append(SUFFIX_CHARS.charAt(random.nextInt(SUFFIX_CHARS.length())));
        }
        return "arn:aws:secretsmanager:" + region + ":" + accountId + ":secret:" + name + "-" + suffix;
    }

    private record Value(String string, String binary) {
    }

    private static final class Version {
        final String id;
        final String string;
        final String binary;
        final Instant created;
        final Set<String> stages = new LinkedHashSet<>();

        Version(String id, Value value, Instant created) {
            this.id = id;
            this.string = value.string();
            this.binary = value.binary();
            this.created = created;
        }

        boolean holds(Value value) {
            return Objects.equals(string, value.string()) && Objects.equals(binary, value.binary());
        }
    }

    private static final class Secret {
        final String name;
        final String arn;
        final Instant created;
        final Map<String, String> tags = new LinkedHashMap<>();
        final Map<String, Version> versions = new LinkedHashMap<>();
        String description;
        String kmsKeyId;
        Instant lastChanged;
        Instant lastAccessed;
        Instant deletedDate;

        Secret(String name, String arn, Instant created) {
            this.name = name;
            this.arn = arn;
            this.created = created;
            this.lastChanged = created;
        }

        Version byStage(String stage) {
            for (Version v : versions.values()) {
                if (v.stages.contains(stage)) {
                    return v;
                }
            }
            return null;
        }
    }
}
