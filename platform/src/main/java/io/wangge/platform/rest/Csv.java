package io.wangge.platform.rest;

import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;

/**
 * CSV for the exports town offices open in Excel or WPS, written by Jackson's CSV generator (RFC 4180 quoting,
 * CRLF, a byte order mark so Excel reads the Chinese as UTF-8). What the library does not do: a text a spreadsheet
 * would run as a formula ({@code =}, {@code +}, {@code -}, {@code @}, a tab or a carriage return first) is kept as
 * text with a leading {@code '}; plain numbers ({@code -3}, {@code +2}, {@code 85.5%}) stay numbers.
 */
public final class Csv {

    /** What Excel needs to read UTF-8 (Chinese) correctly: a byte order mark first. */
    public static final String BOM = "\uFEFF";

    private static final Pattern NUMBER = Pattern.compile("[+-]?\\d+(\\.\\d+)?%?");
    // quote a cell only where it needs it (a comma, a quote, a line break), as Excel writes CSV
    private static final CsvMapper MAPPER = CsvMapper.builder()
            .enable(CsvGenerator.Feature.STRICT_CHECK_FOR_QUOTING).build();
    private static final CsvSchema ROWS = CsvSchema.emptySchema().withLineSeparator("\r\n").withoutComments();

    private Csv() {
    }

    /** A sheet of a header row and rows, as UTF-8 bytes with a byte order mark; null is an empty cell. */
    public static byte[] sheet(List<?> header, List<? extends List<?>> rows) {
        StringWriter out = new StringWriter().append(BOM);
        try (SequenceWriter writer = MAPPER.writer(ROWS).writeValues(out)) {
            writer.write(cells(header));
            for (List<?> row : rows) {
                writer.write(cells(row));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String[] cells(List<?> values) {
        return values.stream().map(Csv::text).toArray(String[]::new);
    }

    /** A cell's text, with a would-be formula kept as text. */
    static String text(Object value) {
        if (value == null) {
            return "";
        }
        String text = value.toString();
        if (!(value instanceof Number) && !text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0
                && !NUMBER.matcher(text).matches()) {
            return "'" + text;
        }
        return text;
    }
}
