package io.wangge.platform.rest;

import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * CSV for the exports town offices open in Excel or WPS: cells quoted as RFC 4180 asks (a comma, a quote or a line
 * break), and a text a spreadsheet would run as a formula ({@code =}, {@code +}, {@code -}, {@code @}, a tab or a
 * carriage return first) kept as text with a leading {@code '}; plain numbers ({@code -3}, {@code +2},
 * {@code 85.5%}) stay numbers.
 */
public final class Csv {

    /** What Excel needs to read UTF-8 (Chinese) correctly: a byte order mark first. */
    public static final String BOM = "\uFEFF";

    private static final Pattern NUMBER = Pattern.compile("[+-]?\\d+(\\.\\d+)?%?");

    private Csv() {
    }

    /** One row of cells, ended by CRLF; null is an empty cell. */
    public static String row(Object... cells) {
        return Stream.of(cells).map(Csv::cell).collect(Collectors.joining(",", "", "\r\n"));
    }

    public static String cell(Object value) {
        if (value == null) {
            return "";
        }
        String text = value.toString();
        if (!(value instanceof Number) && !text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0
                && !NUMBER.matcher(text).matches()) {
            text = "'" + text;
        }
        if (text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r")) {
            return "\"" + text.replace("\"", "\"\"") + "\"";
        }
        return text;
    }
}
