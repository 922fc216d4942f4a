package io.wangge.platform.sync;

import io.wangge.platform.rest.ProblemException;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.Response;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * One page of a delta sync, as a phone on a village network asks for it: what changed since its cursor, in the
 * order it changed (newest state of each record), what it should drop, the cursor to ask with next, whether more
 * is waiting, and {@code reset} when the phone must drop everything it holds and take this page as the start. A record's changes are stamped (transaction id, sequence) by the database; a page hands out only
 * stamps older than every transaction still running, so a cursor never passes a change that commits later.
 */
public record SyncPage<T>(List<T> items, List<UUID> removed, String cursor, boolean more, boolean reset) {

    /**
     * Where a phone is in the stream of changes: (transaction id, sequence) of the last change it holds, and a
     * fingerprint of the caller's place when it synced: when the place changes (a post ended, a grid moved away),
     * what the phone holds may no longer be theirs, so the next page starts over with {@code reset}.
     */
    public record Cursor(long xid, long seq, String place) {

        public static final Cursor START = new Cursor(0, 0, "");

        /** The cursor a client sent (opaque to it), or the start when it sent none. */
        public static Cursor parse(String text) {
            if (text == null || text.isBlank()) {
                return START;
            }
            try {
                String[] parts = new String(Base64.getUrlDecoder().decode(text.trim()), StandardCharsets.US_ASCII)
                        .split(":");
                if (parts.length != 4 || !parts[0].equals("v1")) {
                    throw new IllegalArgumentException(text);
                }
                Cursor cursor = new Cursor(Long.parseLong(parts[1]), Long.parseLong(parts[2]), parts[3]);
                if (cursor.xid() < 0 || cursor.seq() < 0) {
                    throw new IllegalArgumentException(text);
                }
                return cursor;
            } catch (IllegalArgumentException e) {
                throw ProblemException.invalid("cursor", "同步游标无效，请从头同步（不带 cursor） not a cursor this"
                        + " server gave: sync again from the start (no cursor)");
            }
        }

        @Override
        public String toString() {
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(("v1:" + xid + ":" + seq + ":" + place).getBytes(StandardCharsets.US_ASCII));
        }
    }

    /**
     * The page as the answer, its cursor as ETag: a phone that asks again with {@code If-None-Match} of the cursor it
     * holds, when nothing changed since, gets 304 and no body.
     */
    public Response respond(String ifNoneMatch) {
        EntityTag tag = new EntityTag(cursor);
        if (items.isEmpty() && removed.isEmpty() && !reset && ifNoneMatch != null
                && (ifNoneMatch.trim().equals(tag.toString()) || ifNoneMatch.trim().equals("W/" + tag))) {
            return Response.notModified(tag).build();
        }
        return Response.ok(this).tag(tag).build();
    }
}
