package io.wangge.task.media;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Media as rows of {@code media}: bounded in size, so a BYTEA column is enough for a town's photos. */
@ApplicationScoped
public class PostgresMediaStore implements MediaStore {

    @Inject
    EntityManager entityManager;

    @Inject
    Clock clock;

    @Override
    public UUID store(UUID caseId, String contentType, byte[] bytes) {
        return insert(caseId, null, null, contentType, bytes);
    }

    @Override
    public UUID storeByStaff(UUID caseId, String accountId, String contentType, byte[] bytes) {
        return insert(caseId, null, accountId, contentType, bytes);
    }

    @Override
    public UUID storeForTask(UUID taskId, String contentType, byte[] bytes) {
        return insert(null, taskId, null, contentType, bytes);
    }

    @Override
    @SuppressWarnings("unchecked")
    public List<UUID> ofTask(UUID taskId) {
        return entityManager.createNativeQuery("SELECT id FROM media WHERE task_id = ?1 ORDER BY created_at, id")
                .setParameter(1, taskId).getResultList();
    }

    private UUID insert(UUID caseId, UUID taskId, String uploadedBy, String contentType, byte[] bytes) {
        UUID id = UUID.randomUUID();
        entityManager.createNativeQuery("""
                        INSERT INTO media (id, case_id, task_id, content_type, size_bytes, sha256, bytes, created_at,
                                           uploaded_by)
                        VALUES (?1, ?2, ?8, ?3, ?4, ?5, ?6, ?7, ?9)""")
                .setParameter(1, id)
                .setParameter(2, caseId)
                .setParameter(8, taskId)
                .setParameter(9, uploadedBy)
                .setParameter(3, contentType)
                .setParameter(4, bytes.length)
                .setParameter(5, sha256(bytes))
                .setParameter(6, bytes)
                .setParameter(7, OffsetDateTime.now(clock))
                .executeUpdate();
        return id;
    }

    @Override
    public Optional<Medium> find(UUID id) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager.createNativeQuery(
                        "SELECT case_id, task_id, content_type, bytes, uploaded_by FROM media WHERE id = ?1")
                .setParameter(1, id).getResultList();
        return rows.stream().findFirst().map(r -> new Medium(id, (UUID) r[0], (UUID) r[1], (String) r[2],
                (byte[]) r[3], (String) r[4]));
    }

    @Override
    @SuppressWarnings("unchecked")
    public List<UUID> ofCase(UUID caseId) {
        return entityManager.createNativeQuery("SELECT id FROM media WHERE case_id = ?1 ORDER BY created_at, id")
                .setParameter(1, caseId).getResultList();
    }

    @Override
    @SuppressWarnings("unchecked")
    public List<UUID> fromResident(UUID caseId) {
        return entityManager.createNativeQuery("""
                        SELECT id FROM media WHERE case_id = ?1 AND uploaded_by IS NULL ORDER BY created_at, id""")
                .setParameter(1, caseId).getResultList();
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
