package io.wangge.grid.service;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The GB/T 2260 list shipped as data ({@code divisions/gbt2260.tsv}): every province, and the cities and counties
 * of the provinces listed in full. A city or county code of a fully listed province must be on the list.
 */
public final class DivisionCodes {

    private static final Map<String, String> NAMES = new HashMap<>();
    /** Two-digit prefixes of the provinces whose cities and counties are all listed. */
    private static final Set<String> LISTED_IN_FULL = new HashSet<>();

    static {
        try (InputStream in = DivisionCodes.class.getResourceAsStream("/divisions/gbt2260.tsv")) {
            if (in == null) {
                throw new IllegalStateException("divisions/gbt2260.tsv is missing from the build");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] fields = line.split("\t");
                NAMES.put(fields[0], fields[1]);
                if (!fields[0].endsWith("0000")) {
                    LISTED_IN_FULL.add(fields[0].substring(0, 2));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private DivisionCodes() {
    }

    /** The division's name on the list (610431 → 武功县), if listed. */
    public static Optional<String> name(String code) {
        return Optional.ofNullable(NAMES.get(code));
    }

    public static boolean isProvince(String code) {
        return code.endsWith("0000") && NAMES.containsKey(code);
    }

    /** Whether the cities and counties of this code's province are listed, so an unlisted one is refused. */
    public static boolean provinceListedInFull(String code) {
        return LISTED_IN_FULL.contains(code.substring(0, 2));
    }
}
