package io.wangge.task.media;

import java.util.Optional;
import java.util.UUID;

/**
 * Where photos sent with residents' requests and workers' evidence of their tasks are kept. PostgreSQL here; an object
 * store is another implementation of the same three calls.
 */
public interface MediaStore {

    /** The types a photo may be, and how big. */
    java.util.Set<String> TYPES = java.util.Set.of("image/jpeg", "image/png", "image/webp");
    /** Three photos and the form fit the 2 MB request limit; a phone's shared photo is smaller. */
    int MAX_BYTES = 600_000;

    /**
     * A stored medium's content, the case or the task it belongs to, and the staff account that uploaded it to a
     * case ({@code null}: the resident's own).
     */
    record Medium(UUID id, UUID caseId, UUID taskId, String contentType, byte[] bytes, String uploadedBy) {
    }

    /** Stores a medium a resident sent with a case (in the caller's transaction); returns its id. */
    UUID store(UUID caseId, String contentType, byte[] bytes);

    /** Stores a photo staff took of a case or its handling (in the caller's transaction); returns its id. */
    UUID storeByStaff(UUID caseId, String accountId, String contentType, byte[] bytes);

    /** Stores a photo a worker took of a task (in the caller's transaction); returns its id. */
    UUID storeForTask(UUID taskId, String contentType, byte[] bytes);

    java.util.List<UUID> ofTask(UUID taskId);

    /**
     * Why {@code bytes} declared as {@code contentType} are no photo we keep (type, size, or content that is not
     * what it says, told by its first bytes), or empty.
     */
    static Optional<String> problem(String contentType, byte[] b) {
        String type = contentType == null ? "" : contentType.split(";")[0].trim().toLowerCase(java.util.Locale.ROOT);
        if (!TYPES.contains(type)) {
            return Optional.of("只收 JPEG、PNG 或 WebP 图片 must be a JPEG, PNG or WebP image, not " + type);
        }
        if (b == null || b.length == 0 || b.length > MAX_BYTES) {
            return Optional.of("须小于 " + MAX_BYTES / 1000 + " KB must be under " + MAX_BYTES + " bytes");
        }
        boolean matches = switch (type) {
            case "image/jpeg" -> b.length > 3 && (b[0] & 0xff) == 0xFF && (b[1] & 0xff) == 0xD8 && (b[2] & 0xff) == 0xFF;
            case "image/png" -> b.length > 8 && (b[0] & 0xff) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G';
            default -> b.length > 12 && b[0] == 'R' && b[1] == 'I' && b[2] == 'F' && b[3] == 'F' && b[8] == 'W'
                    && b[9] == 'E' && b[10] == 'B' && b[11] == 'P';
        };
        return matches ? Optional.empty() : Optional.of("内容与类型 " + type + " 不符 the content is not a " + type);
    }

    /** Photos a task or a case may carry (a case's with the resident's). */
    int MAX_PHOTOS = 20;

    /**
     * The stored type of a photo uploaded beside {@code held} others of its {@code record} ("task", "case"): a 400
     * problem if it is no photo we keep, a 409 if the record has its {@link #MAX_PHOTOS} already.
     */
    static String admitted(String contentType, byte[] bytes, int held, String record) {
        problem(contentType, bytes).ifPresent(problem -> {
            throw io.wangge.platform.rest.ProblemException.invalid("photo", problem);
        });
        if (held >= MAX_PHOTOS) {
            throw io.wangge.platform.rest.ProblemException.conflict("最多 " + MAX_PHOTOS + " 张照片 at most "
                    + MAX_PHOTOS + " photos per " + record);
        }
        return contentType.split(";")[0].trim().toLowerCase(java.util.Locale.ROOT);
    }

    Optional<Medium> find(UUID id);

    /** Every medium of a case, the resident's and staff's, oldest first. */
    java.util.List<UUID> ofCase(UUID caseId);

    /** The media the resident sent with a case: what Open311 shows them. */
    java.util.List<UUID> fromResident(UUID caseId);
}
