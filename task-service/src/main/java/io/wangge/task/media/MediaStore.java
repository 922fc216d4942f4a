package io.wangge.task.media;

import java.util.Optional;
import java.util.UUID;

/**
 * Where photos sent with residents' requests (and, later, workers' evidence) are kept. PostgreSQL here; an object
 * store is another implementation of the same three calls.
 */
public interface MediaStore {

    /** The types a photo may be, and how big. */
    java.util.Set<String> TYPES = java.util.Set.of("image/jpeg", "image/png", "image/webp");
    /** Three photos and the form fit the 2 MB request limit; a phone's shared photo is smaller. */
    int MAX_BYTES = 600_000;

    /** A stored medium's content. */
    record Medium(UUID id, UUID caseId, String contentType, byte[] bytes) {
    }

    /** Stores a medium of a case (in the caller's transaction); returns its id. */
    UUID store(UUID caseId, String contentType, byte[] bytes);

    Optional<Medium> find(UUID id);

    java.util.List<UUID> ofCase(UUID caseId);
}
