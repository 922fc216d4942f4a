package io.wangge.task.service;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.wangge.gridview.GridReadModel;
import io.wangge.platform.lifecycle.LifeCycle;
import io.wangge.platform.rest.ProblemException;
import io.wangge.platform.security.GridPath;
import io.wangge.platform.security.Roles;
import io.wangge.task.CaseStatus;
import io.wangge.task.Category;
import io.wangge.task.Open311Client;
import io.wangge.task.ResidentCase;
import io.wangge.task.media.MediaStore;
import io.wangge.task.rest.Open311Exception;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Residents' requests from outside (知事、议事、办事): registered Open311 clients — a grid group's robot, a
 * mini-program, a 12345 hotline system — raise cases in their jurisdiction with an api key; the resident follows
 * the case with a token. A request like one already open (same category, within 100 m or at the same address, in
 * the last 24 hours) joins it instead of opening another.
 */
@ApplicationScoped
public class IntakeService {

    /** How near, and how recent, a request must be to be the same matter again. */
    static final double DUPLICATE_METRES = 100;
    static final Duration DUPLICATE_WITHIN = Duration.ofHours(24);
    public static final int MAX_MEDIA = 3;

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern PHONE = Pattern.compile("\\+?[0-9][0-9-]{5,18}");
    private static final LifeCycle.Record CLIENT = new LifeCycle.Record("接入客户端", "Open311 client");

    @Inject
    TaskAccess access;

    @Inject
    GridReadModel gridView;

    @Inject
    CaseService cases;

    @Inject
    MediaStore media;

    @Inject
    EntityManager entityManager;

    @Inject
    Clock clock;

    /** A client just registered, with its api key: shown this once, kept only as a hash. */
    public record Registered(Open311Client client, String apiKey) {
    }

    /** Registers a client for a jurisdiction in the caller's place (town and county admins). */
    @Transactional
    public Registered register(String name, UUID jurisdictionNodeId, Integer perMinute) {
        access.requireRole(Roles.TOWN_ADMIN, Roles.COUNTY_ADMIN);
        GridReadModel.Node node = access.visibleNode(jurisdictionNodeId);
        access.requireWithinScope(node.path());
        String key = "wg_" + secret();
        Open311Client client = new Open311Client();
        client.id = UUID.randomUUID();
        client.name = name.trim();
        client.jurisdictionNodeId = node.id();
        client.jurisdictionCode = node.code();
        client.jurisdictionPath = node.path().value();
        client.keyHash = sha256(key);
        client.keyHint = key.substring(0, 7);
        client.perMinute = perMinute == null ? 60 : perMinute;
        client.createdBy = access.actor();
        client.createdAt = OffsetDateTime.now(clock);
        client.persist();
        return new Registered(client, key);
    }

    /** The clients registered for jurisdictions in a node's subtree. */
    public List<Open311Client> clients(UUID nodeId) {
        access.requireRole(Roles.TOWN_ADMIN, Roles.COUNTY_ADMIN);
        GridReadModel.Node node = access.visibleNode(nodeId);
        return Open311Client.list("jurisdictionPath >= ?1 AND jurisdictionPath < ?2 ORDER BY createdAt, id",
                node.path().value(), node.path().subtreeUpperBound());
    }

    /** A client of a jurisdiction in the caller's place (town and county admins). */
    public Open311Client client(UUID id) {
        access.requireRole(Roles.TOWN_ADMIN, Roles.COUNTY_ADMIN);
        Open311Client client = Open311Client.findById(id);
        if (client == null || !access.isVisible(client.jurisdiction())) {
            throw ProblemException.notFound("接入客户端", id);
        }
        return client;
    }

    /** Revokes a client's key (If-Match): its next call is refused. */
    @Transactional
    public Open311Client revoke(UUID id, String ifMatch) {
        Open311Client client = client(id);
        LifeCycle.step(CLIENT, client.status, client.version, ifMatch, "REVOKE", Set.of(Open311Client.Status.ACTIVE));
        client.status = Open311Client.Status.REVOKED;
        client.revokedBy = access.actor();
        client.revokedAt = OffsetDateTime.now(clock);
        return client;
    }

    /** A photo sent with a request. */
    public record Upload(String contentType, byte[] bytes) {
    }

    /** A GeoReport v2 request as a client posts it. */
    public record Request(String apiKey, String jurisdictionId, String serviceCode, Double lat, Double lon,
                          String addressString, String addressId, String description, String firstName,
                          String lastName, String phone, List<Upload> media) {
    }

    /** The case a request opened, or joined as a duplicate, and the token its reporter follows it with. */
    public record Accepted(ResidentCase matter, String token, boolean duplicate) {
    }

    /**
     * Takes a resident's request: the client is known, active and within its rate (checked and counted in a
     * transaction of their own, which a refused request does not undo), the request is complete and in the client's
     * jurisdiction. Every refusal is an {@link Open311Exception} naming the field.
     */
    public Accepted intake(Request request) {
        Open311Client client = authenticate(request.apiKey());
        return QuarkusTransaction.requiringNew().call(() -> accept(client, request));
    }

    /** A town's code as clients set up before towns had 12 digits (grid-service V4) still names it: 9 digits + 000. */
    public static boolean sameJurisdiction(String given, String jurisdictionCode) {
        return given.equals(jurisdictionCode) || given.length() == 9 && (given + "000").equals(jurisdictionCode);
    }

    private Accepted accept(Open311Client client, Request request) {
        if (request.jurisdictionId() != null && !request.jurisdictionId().isBlank()
                && !sameJurisdiction(request.jurisdictionId().trim(), client.jurisdictionCode)) {
            throw new Open311Exception(403, "jurisdiction_id " + request.jurisdictionId().trim()
                    + " 不是此接入的辖区 is not this client's jurisdiction (" + client.jurisdictionCode + ")");
        }
        Category category = request.serviceCode() == null ? null : Category.findById(request.serviceCode().trim());
        if (category == null || !category.active) {
            throw new Open311Exception(400, "service_code 无效 unknown service_code: " + request.serviceCode());
        }
        String description = required(request.description(), "description", 2000);
        String address = optional(request.addressString(), "address_string", 200);
        if ((request.lat() == null) != (request.lon() == null)) {
            throw new Open311Exception(400, "lat 和 long 须同时提供 lat and long come together");
        }
        if (request.lat() != null && (!Double.isFinite(request.lat()) || !Double.isFinite(request.lon())
                || request.lat() < 3.5 || request.lat() > 54 || request.lon() < 73 || request.lon() > 136)) {
            throw new Open311Exception(400, "lat/long 不在中国境内 lat/long is outside China");
        }
        String addressId = optional(request.addressId(), "address_id", 18);
        if (request.lat() == null && address == null && addressId == null) {
            throw new Open311Exception(400, "须提供位置：lat/long、address_string 或 address_id"
                    + " a location is required: lat and long, address_string or address_id");
        }
        String name = optional(join(request.firstName(), request.lastName()), "first_name", 50);
        String phone = optional(request.phone(), "phone", 20);
        if (phone != null && !PHONE.matcher(phone).matches()) {
            throw new Open311Exception(400, "phone 格式不对 phone is not a phone number");
        }
        List<Upload> uploads = request.media() == null ? List.of() : request.media();
        if (uploads.size() > MAX_MEDIA) {
            throw new Open311Exception(400, "media 最多 " + MAX_MEDIA + " 张 at most " + MAX_MEDIA + " photos");
        }
        uploads.forEach(IntakeService::checkPhoto);

        GridPath jurisdiction = client.jurisdiction();
        GridReadModel.Node node = addressId == null ? gridView.node(client.jurisdictionNodeId).orElse(null)
                : gridView.nodeByCode(addressId, jurisdiction).orElseThrow(() -> new Open311Exception(400,
                        "address_id " + addressId + " 不是本辖区的网格 is no grid of the jurisdiction"));
        if (node == null || !"ACTIVE".equals(node.status())) {
            throw new Open311Exception(404, "辖区网格不存在或已撤销 the jurisdiction's grid is gone");
        }
        String token = secret();
        // one request at a time per category and jurisdiction decides whether it is new: two at once are not two
        entityManager.createNativeQuery("SELECT CAST(pg_advisory_xact_lock(hashtext(?1)) AS text)")
                .setParameter(1, "open311:" + category.code + "@" + jurisdiction.value()).getSingleResult();
        Optional<ResidentCase> same = duplicateOf(category.code, jurisdiction, request.lat(), request.lon(),
                address);
        ResidentCase matter;
        if (same.isPresent()) {
            matter = same.get();
            // counted without a new version: the staff's next step on the case is not made stale by it
            entityManager.createNativeQuery("UPDATE resident_case SET duplicates = duplicates + 1 WHERE id = ?1")
                    .setParameter(1, matter.id).executeUpdate();
        } else {
            matter = cases.raise(node, new CaseService.Report(node.id(), category.code, description, address, null),
                    "open311:" + client.id, raised -> {
                        raised.source = ResidentCase.Source.OPEN311;
                        raised.clientId = client.id;
                        raised.lat = scaled(request.lat());
                        raised.lon = scaled(request.lon());
                        raised.reporterName = name;
                        raised.reporterPhone = phone;
                    });
        }
        for (Upload upload : uploads) {
            media.store(matter.id, upload.contentType(), upload.bytes());
        }
        entityManager.createNativeQuery("""
                        INSERT INTO case_follow_token (token_hash, case_id, reporter, created_at)
                        VALUES (?1, ?2, ?3, ?4)""")
                .setParameter(1, sha256(token)).setParameter(2, matter.id).setParameter(3, same.isEmpty())
                .setParameter(4, OffsetDateTime.now(clock)).executeUpdate();
        if (same.isEmpty()) {
            cases.reported(matter);
        }
        return new Accepted(matter, token, same.isPresent());
    }

    /** The case a token follows; {@code reporter}: the token of whoever raised it (else of a duplicate's). */
    public record Followed(ResidentCase matter, boolean reporter) {
    }

    /** The case a resident's token follows. */
    public Optional<Followed> followed(String token) {
        if (token == null || token.isBlank() || token.length() > 100) {
            return Optional.empty();
        }
        @SuppressWarnings("unchecked")
        List<Object[]> found = entityManager.createNativeQuery(
                        "SELECT case_id, reporter FROM case_follow_token WHERE token_hash = ?1")
                .setParameter(1, sha256(token.trim())).getResultList();
        return found.stream().findFirst().map(row -> new Followed(ResidentCase.findById(row[0]),
                (Boolean) row[1]));
    }

    /** The active client of an api key, within its calls per minute (counted even when the request is refused). */
    private Open311Client authenticate(String apiKey) {
        if (apiKey == null || apiKey.isBlank() || apiKey.length() > 100) {
            throw new Open311Exception(403, "缺少 api_key missing api_key");
        }
        Open311Client client = QuarkusTransaction.requiringNew().call(() -> Open311Client.<Open311Client>find(
                "keyHash", sha256(apiKey.trim())).firstResultOptional().orElse(null));
        if (client == null) {
            throw new Open311Exception(403, "api_key 无效 invalid api_key");
        }
        if (client.status != Open311Client.Status.ACTIVE) {
            throw new Open311Exception(403, "api_key 已吊销 the api_key was revoked");
        }
        OffsetDateTime minute = OffsetDateTime.now(clock).truncatedTo(ChronoUnit.MINUTES);
        int calls = QuarkusTransaction.requiringNew().call(() -> {
            entityManager.createNativeQuery("DELETE FROM open311_usage WHERE client_id = ?1 AND minute < ?2")
                    .setParameter(1, client.id).setParameter(2, minute.minusMinutes(10)).executeUpdate();
            return ((Number) entityManager.createNativeQuery("""
                            INSERT INTO open311_usage (client_id, minute, calls) VALUES (?1, ?2, 1)
                            ON CONFLICT (client_id, minute) DO UPDATE SET calls = open311_usage.calls + 1
                            RETURNING calls""")
                    .setParameter(1, client.id).setParameter(2, minute).getSingleResult()).intValue();
        });
        if (calls > client.perMinute) {
            throw new Open311Exception(429, "请求过于频繁，每分钟至多 " + client.perMinute + " 次 more than "
                    + client.perMinute + " calls a minute");
        }
        return client;
    }

    /**
     * An open case of the category in the jurisdiction that residents raised lately, at the same place (a case staff
     * raised is theirs: a resident's request does not join it).
     */
    private Optional<ResidentCase> duplicateOf(String category, GridPath jurisdiction, Double lat, Double lon,
                                               String address) {
        List<ResidentCase> recent = ResidentCase.list("categoryCode = ?1 AND reportedAt >= ?2 AND status NOT IN ?3"
                        + " AND nodePath >= ?4 AND nodePath < ?5 AND source = ?6 ORDER BY reportedAt, id", category,
                OffsetDateTime.now(clock).minus(DUPLICATE_WITHIN), List.of(CaseStatus.CLOSED,
                        CaseStatus.NOT_RESPONSIBLE), jurisdiction.value(), jurisdiction.subtreeUpperBound(),
                ResidentCase.Source.OPEN311);
        for (ResidentCase candidate : recent) {
            boolean near = lat != null && candidate.lat != null && metres(lat, lon, candidate.lat.doubleValue(),
                    candidate.lon.doubleValue()) <= DUPLICATE_METRES;
            boolean sameAddress = address != null && address.equals(candidate.locationText);
            if (near || sameAddress) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** Great-circle distance in metres. */
    static double metres(double lat1, double lon1, double lat2, double lon2) {
        double p1 = Math.toRadians(lat1);
        double p2 = Math.toRadians(lat2);
        double dp = p2 - p1;
        double dl = Math.toRadians(lon2 - lon1);
        double a = Math.sin(dp / 2) * Math.sin(dp / 2) + Math.cos(p1) * Math.cos(p2) * Math.sin(dl / 2)
                * Math.sin(dl / 2);
        return 6_371_000 * 2 * Math.atan2(Math.sqrt(a), Math.sqrt(1 - a));
    }

    /** A photo is what it says it is (by its first bytes), of an allowed type and size. */
    private static void checkPhoto(Upload upload) {
        MediaStore.problem(upload.contentType(), upload.bytes()).ifPresent(problem -> {
            throw new Open311Exception(400, "media " + problem);
        });
    }

    private static String required(String value, String field, int max) {
        String text = optional(value, field, max);
        if (text == null) {
            throw new Open311Exception(400, field + " 必填 is required");
        }
        return text;
    }

    private static String optional(String value, String field, int max) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String text = value.trim();
        if (text.length() > max) {
            throw new Open311Exception(400, field + " 超过 " + max + " 字 is longer than " + max + " characters");
        }
        return text;
    }

    private static String join(String first, String last) {
        String name = ((last == null ? "" : last.trim()) + (first == null ? "" : first.trim())).trim();
        return name.isEmpty() ? null : name;
    }

    private static BigDecimal scaled(Double value) {
        return value == null ? null : BigDecimal.valueOf(value).setScale(6, RoundingMode.HALF_UP);
    }

    private static String secret() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
