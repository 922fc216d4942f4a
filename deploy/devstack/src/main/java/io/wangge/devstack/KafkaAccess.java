package io.wangge.devstack;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Who may do what on the devstack's broker, the same shape deploy/k8s gives Strimzi: a SCRAM user per service that
 * writes only its own topic (and the dead-letter topics of what it consumes) and reads only what it consumes; a
 * read-only {@code county} user for county systems; {@code admin}, the broker's own and the operator's (topics,
 * re-driving letters). Passwords are made once per broker directory and kept beside its data.
 */
public final class KafkaAccess {

    public static final String MECHANISM = "SCRAM-SHA-512";
    public static final String ADMIN = "admin";
    public static final String COUNTY = "county";
    /** County systems name their consumer groups with this prefix. */
    public static final String COUNTY_GROUP_PREFIX = "county";

    /** A service's principal: the topic it owns and the topics it consumes, under a group named like itself. */
    public record Service(String user, String owns, List<String> consumes) {
    }

    public static final List<Service> SERVICES = List.of(
            new Service("grid-service", "wangge.grid", List.of()),
            new Service("task-service", "wangge.task", List.of("wangge.grid", "wangge.report")),
            new Service("report-service", "wangge.report", List.of("wangge.grid", "wangge.task")),
            new Service("party-points-service", "wangge.points",
                    List.of("wangge.grid", "wangge.task", "wangge.report")));

    private static final List<String> STREAMS = List.of("wangge.grid", "wangge.task", "wangge.report", "wangge.points");

    private final Map<String, String> passwords;

    private KafkaAccess(Map<String, String> passwords) {
        this.passwords = passwords;
    }

    /** Every user of the broker, in the order they are created. */
    public static List<String> users() {
        return Stream.concat(Stream.of(ADMIN, COUNTY), SERVICES.stream().map(Service::user)).toList();
    }

    /**
     * The passwords kept in {@code directory/credentials.properties}, made on the first call. A directory that
     * holds broker data but no credentials predates authentication and is refused with what to do.
     */
    static KafkaAccess in(Path directory) throws IOException {
        Path file = directory.resolve("credentials.properties");
        if (!Files.exists(file)) {
            if (Files.exists(directory.resolve("data").resolve("meta.properties"))) {
                throw new IllegalStateException("the Kafka data in " + directory + " was made before the broker asked"
                        + " for credentials; remove that directory (its events are lost) and start again");
            }
            Map<String, String> made = new LinkedHashMap<>();
            SecureRandom random = new SecureRandom();
            for (String user : users()) {
                byte[] secret = new byte[24];
                random.nextBytes(secret);
                made.put(user, Base64.getUrlEncoder().withoutPadding().encodeToString(secret));
            }
            List<String> lines = new ArrayList<>();
            lines.add("# SCRAM passwords of the devstack broker's users (made on its first start)");
            made.forEach((user, password) -> lines.add(user + "=" + password));
            Files.write(file, lines, StandardCharsets.UTF_8);
            restrict(file);
        }
        Map<String, String> passwords = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            int equals = line.indexOf('=');
            if (!line.startsWith("#") && equals > 0) {
                passwords.put(line.substring(0, equals), line.substring(equals + 1));
            }
        }
        return new KafkaAccess(passwords);
    }

    public String password(String user) {
        String password = passwords.get(user);
        if (password == null) {
            throw new IllegalArgumentException("no Kafka user " + user + "; the users are " + users());
        }
        return password;
    }

    /** The login module line a client (or the broker, for itself) authenticates with. */
    public String jaas(String user) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user
                + "\" password=\"" + password(user) + "\";";
    }

    /** Client settings for one user: bootstrap servers and its credentials. */
    public Map<String, Object> client(String bootstrapServers, String user) {
        Map<String, Object> client = new LinkedHashMap<>();
        client.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        client.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT");
        client.put(SaslConfigs.SASL_MECHANISM, MECHANISM);
        client.put(SaslConfigs.SASL_JAAS_CONFIG, jaas(user));
        return client;
    }

    /**
     * Writes {@code directory/<user>.properties} for every user, in the format Kafka's own tools read
     * ({@code --command-config}, {@code --consumer.config}): what a county system or an operator is handed.
     */
    void writeClientFiles(Path directory, String bootstrapServers) throws IOException {
        Files.createDirectories(directory);
        for (String user : users()) {
            List<String> lines = new ArrayList<>();
            lines.add("# Kafka client settings of the devstack user " + user);
            client(bootstrapServers, user).forEach((key, value) -> lines.add(key + "=" + value));
            Path file = directory.resolve(user + ".properties");
            Files.write(file, lines, StandardCharsets.UTF_8);
            restrict(file);
        }
    }

    /** The ACLs: everything a user may do; with no ACL found the broker denies. */
    public static List<AclBinding> acls() {
        List<AclBinding> acls = new ArrayList<>();
        for (Service service : SERVICES) {
            String principal = "User:" + service.user();
            allow(acls, principal, ResourceType.TOPIC, service.owns(), PatternType.LITERAL,
                    AclOperation.WRITE, AclOperation.DESCRIBE);
            for (String topic : service.consumes()) {
                allow(acls, principal, ResourceType.TOPIC, topic, PatternType.LITERAL,
                        AclOperation.READ, AclOperation.DESCRIBE);
                allow(acls, principal, ResourceType.TOPIC, topic + ".dlq", PatternType.LITERAL,
                        AclOperation.WRITE, AclOperation.DESCRIBE);
            }
            if (!service.consumes().isEmpty()) {
                allow(acls, principal, ResourceType.GROUP, service.user(), PatternType.LITERAL, AclOperation.READ);
            }
        }
        for (String topic : STREAMS) {
            allow(acls, "User:" + COUNTY, ResourceType.TOPIC, topic, PatternType.LITERAL,
                    AclOperation.READ, AclOperation.DESCRIBE);
        }
        allow(acls, "User:" + COUNTY, ResourceType.GROUP, COUNTY_GROUP_PREFIX, PatternType.PREFIXED,
                AclOperation.READ);
        return acls;
    }

    private static void allow(List<AclBinding> acls, String principal, ResourceType type, String name,
                              PatternType pattern, AclOperation... operations) {
        for (AclOperation operation : operations) {
            acls.add(new AclBinding(new ResourcePattern(type, name, pattern),
                    new AccessControlEntry(principal, "*", operation, AclPermissionType.ALLOW)));
        }
    }

    private static void restrict(Path file) {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException | IOException e) {
            // not a POSIX file system: the file keeps the directory's permissions
        }
    }
}
