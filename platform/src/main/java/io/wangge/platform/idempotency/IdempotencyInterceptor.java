package io.wangge.platform.idempotency;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.vertx.core.http.HttpServerRequest;
import io.wangge.platform.rest.ProblemException;
import io.wangge.platform.rest.ProblemType;
import io.wangge.platform.security.Caller;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Implements {@link Idempotent}. The key is claimed, the action runs and its response is stored in one
 * transaction: a crash leaves no claim behind, and a concurrent retry waits on the claim's row lock and then
 * replays the stored response.
 */
@Idempotent
@Interceptor
@Priority(Interceptor.Priority.PLATFORM_AFTER + 100)
public class IdempotencyInterceptor {

    private static final int MAX_KEY_LENGTH = 200;

    @Inject
    HttpServerRequest request;

    @Inject
    Caller caller;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    ObjectMapper objectMapper;

    @AroundInvoke
    Object around(InvocationContext invocation) throws Exception {
        String key = request.getHeader(Idempotent.HEADER);
        if (key == null) {
            return invocation.proceed();
        }
        if (key.isBlank() || key.length() > MAX_KEY_LENGTH) {
            throw ProblemException.invalid(Idempotent.HEADER, "1 到 200 个字符 must be 1 to 200 characters");
        }
        String principal = caller.accountId();
        String hash = requestHash(invocation);
        return QuarkusTransaction.joiningExisting().call(() -> {
            StoredResponse stored = claim(principal, key, hash);
            if (stored != null) {
                if (!stored.requestHash().equals(hash)) {
                    throw new ProblemException(ProblemType.IDEMPOTENCY_KEY_REUSED,
                            "此幂等键已用于另一个请求 this Idempotency-Key was used for a different request");
                }
                return replay(invocation, stored);
            }
            Object result = invocation.proceed();
            complete(principal, key, result);
            return result;
        });
    }

    /** Inserts the claim; if the key was already claimed, returns what is stored for it. */
    private StoredResponse claim(String principal, String key, String hash) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO idempotency_record"
                    + " (principal, idem_key, request_hash, status) VALUES (?, ?, ?, 0) ON CONFLICT DO NOTHING")) {
                insert.setString(1, principal);
                insert.setString(2, key);
                insert.setString(3, hash);
                if (insert.executeUpdate() == 1) {
                    return null;
                }
            }
            try (PreparedStatement select = connection.prepareStatement("SELECT request_hash, status, content_type,"
                    + " body, etag, location FROM idempotency_record WHERE principal = ? AND idem_key = ?")) {
                select.setString(1, principal);
                select.setString(2, key);
                try (ResultSet rs = select.executeQuery()) {
                    rs.next();
                    return new StoredResponse(rs.getString(1), rs.getInt(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getString(6));
                }
            }
        }
    }

    private void complete(String principal, String key, Object result) throws Exception {
        int status = 200;
        Object entity = result;
        String etag = null;
        String location = null;
        String contentType = MediaType.APPLICATION_JSON;
        if (result instanceof Response response) {
            status = response.getStatus();
            entity = response.getEntity();
            etag = response.getHeaderString(HttpHeaders.ETAG);
            location = response.getLocation() == null ? null : response.getLocation().toString();
            if (response.getMediaType() != null) {
                contentType = response.getMediaType().toString();
            }
        } else if (result == null) {
            status = 204;
        }
        String body = entity == null ? null
                : entity instanceof String text ? text : objectMapper.writeValueAsString(entity);
        try (Connection connection = dataSource.getConnection();
             PreparedStatement update = connection.prepareStatement("UPDATE idempotency_record SET status = ?,"
                     + " content_type = ?, body = ?, etag = ?, location = ? WHERE principal = ? AND idem_key = ?")) {
            update.setInt(1, status);
            update.setString(2, contentType);
            update.setString(3, body);
            update.setString(4, etag);
            update.setString(5, location);
            update.setString(6, principal);
            update.setString(7, key);
            update.executeUpdate();
        }
    }

    private Object replay(InvocationContext invocation, StoredResponse stored) throws Exception {
        Class<?> returnType = invocation.getMethod().getReturnType();
        if (Response.class.isAssignableFrom(returnType)) {
            Response.ResponseBuilder response = Response.status(stored.status())
                    .header(Idempotent.REPLAYED_HEADER, "true");
            if (stored.body() != null) {
                response.entity(stored.body()).type(stored.contentType());
            }
            if (stored.etag() != null) {
                response.header(HttpHeaders.ETAG, stored.etag());
            }
            if (stored.location() != null) {
                response.header(HttpHeaders.LOCATION, stored.location());
            }
            return response.build();
        }
        if (stored.body() == null || returnType == void.class) {
            return null;
        }
        JavaType type = objectMapper.getTypeFactory().constructType(invocation.getMethod().getGenericReturnType());
        return objectMapper.readValue(stored.body(), type);
    }

    private String requestHash(InvocationContext invocation) throws NoSuchAlgorithmException {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        digest.update((request.method().name() + " " + request.path() + "\n").getBytes(StandardCharsets.UTF_8));
        for (Object parameter : invocation.getParameters()) {
            if (parameter instanceof byte[] bytes) {
                digest.update(bytes); // an uploaded sheet as it is, not copied into JSON text twice over
            } else {
                digest.update(canonical(parameter).getBytes(StandardCharsets.UTF_8));
            }
            digest.update((byte) 0);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private String canonical(Object parameter) {
        if (parameter == null) {
            return "null";
        }
        try {
            JsonNode tree = objectMapper.valueToTree(parameter);
            return objectMapper.writeValueAsString(tree);
        } catch (RuntimeException | com.fasterxml.jackson.core.JsonProcessingException e) {
            return parameter.getClass().getName();
        }
    }

    private record StoredResponse(String requestHash, int status, String contentType, String body, String etag,
                                  String location) {
    }

}
