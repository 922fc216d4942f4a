package io.wangge.platform.rest;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

/**
 * Text files people upload from their own tools. Chinese Excel saves "CSV (逗号分隔)" in GBK, other tools in UTF-8
 * with or without a BOM: a declared charset is taken at its word; otherwise a file is UTF-8 if it decodes as
 * UTF-8 without a single bad byte, else GB18030 (which GBK is a part of), else it is refused. Nothing is ever
 * decoded with replacement characters, so a GBK file is never imported as mojibake.
 */
public final class TextFiles {

    private static final Charset GB18030 = Charset.forName("GB18030");
    private static final Set<String> ACCEPTED = Set.of("UTF-8", "UTF8", "GBK", "GB2312", "GB18030");
    /** What HTTP clients put on any text/* body unless told otherwise: it says nothing about the file. */
    private static final Set<String> DEFAULTS = Set.of("ISO-8859-1", "US-ASCII");

    private TextFiles() {
    }

    /** The text of an uploaded file; {@code declared} is the request's charset parameter, if any. */
    public static String decode(byte[] bytes, String declared) {
        byte[] content = bytes == null ? new byte[0] : bytes;
        if (content.length >= 3 && (content[0] & 0xff) == 0xEF && (content[1] & 0xff) == 0xBB
                && (content[2] & 0xff) == 0xBF) {
            // a UTF-8 byte order mark says what the file is, whatever else was declared
            return strip(strict(content, StandardCharsets.UTF_8).orElseThrow(() -> ProblemException.invalid(
                    "charset", "文件有 UTF-8 标记却不是 UTF-8 the file starts as UTF-8 but is not")));
        }
        String name = declared == null ? "" : declared.trim().toUpperCase(Locale.ROOT);
        if (!name.isEmpty() && !DEFAULTS.contains(name)) {
            if (!ACCEPTED.contains(name)) {
                throw ProblemException.invalid("charset", "只收 UTF-8 或 GBK 编码的文件 only UTF-8 or GBK files,"
                        + " not " + declared);
            }
            Charset charset = name.startsWith("UTF") ? StandardCharsets.UTF_8 : GB18030;
            return strip(strict(content, charset).orElseThrow(() -> ProblemException.invalid("charset",
                    "文件不是声明的 " + declared + " 编码 the file is not " + declared)));
        }
        return strip(strict(content, StandardCharsets.UTF_8).or(() -> strict(content, GB18030))
                .orElseThrow(() -> ProblemException.invalid("charset", "文件既不是 UTF-8 也不是 GBK 编码"
                        + " the file is neither UTF-8 nor GBK: save it as CSV UTF-8 or CSV (逗号分隔)")));
    }

    private static java.util.Optional<String> strict(byte[] bytes, Charset charset) {
        try {
            return java.util.Optional.of(charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString());
        } catch (CharacterCodingException e) {
            return java.util.Optional.empty();
        }
    }

    private static String strip(String text) {
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }
}
