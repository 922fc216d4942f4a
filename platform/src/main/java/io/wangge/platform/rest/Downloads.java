package io.wangge.platform.rest;

import jakarta.ws.rs.core.Response;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** A file handed to the caller under its own (Chinese) name, as every export and document does it. */
public final class Downloads {

    private Downloads() {
    }

    /** {@code body} of {@code type}, saved as {@code fileName}: an ASCII fallback and the UTF-8 name (RFC 6266). */
    public static Response attachment(Object body, String type, String fileName) {
        String ascii = fileName.replaceAll("[^A-Za-z0-9._-]", "_");
        return Response.ok(body, type).header("Content-Disposition", "attachment; filename=\"" + ascii
                + "\"; filename*=UTF-8''" + URLEncoder.encode(fileName, StandardCharsets.UTF_8).replace("+", "%20")
                .replace("*", "%2A"))
                .build();
    }
}
