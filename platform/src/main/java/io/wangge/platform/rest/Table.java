package io.wangge.platform.rest;

import io.wangge.platform.time.ClockProducer;
import jakarta.ws.rs.core.Response;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;

/**
 * A table a town office takes into Excel or WPS: Chinese headers and rows, written as xlsx (cells typed: numbers
 * as numbers, dates as dates, text as text — never a formula) or as CSV (UTF-8 with a BOM, formula-like text kept
 * as text, see {@link Csv}). Every export of every service is one of these.
 */
public record Table(String title, List<String> headers, List<List<Object>> rows) {

    /** The formats an export is offered in. */
    public enum Format { XLSX, CSV }

    public Table {
        headers = List.copyOf(headers);
        rows = List.copyOf(rows);
    }

    public byte[] csv() {
        java.time.format.DateTimeFormatter minutes = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
        return Csv.sheet(headers, rows.stream().map(row -> row.stream().map(value -> value instanceof OffsetDateTime at
                ? at.atZoneSameInstant(ClockProducer.ZONE).format(minutes) : value).toList()).toList());
    }

    public byte[] xlsx() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            Workbook workbook = new Workbook(out, "Wangge", "1.0");
            Worksheet sheet = workbook.newWorksheet(sheetName(title));
            for (int c = 0; c < headers.size(); c++) {
                sheet.value(0, c, headers.get(c));
                sheet.style(0, c).bold().fillColor("DDEBF7").set();
            }
            for (int r = 0; r < rows.size(); r++) {
                List<Object> row = rows.get(r);
                for (int c = 0; c < row.size(); c++) {
                    Object value = row.get(c);
                    if (value == null) {
                        continue;
                    }
                    if (value instanceof Number number) {
                        sheet.value(r + 1, c, number);
                    } else if (value instanceof Boolean yes) {
                        sheet.value(r + 1, c, yes ? "是" : "否");
                    } else if (value instanceof LocalDate day) {
                        sheet.value(r + 1, c, day);
                        sheet.style(r + 1, c).format("yyyy-mm-dd").set();
                    } else if (value instanceof OffsetDateTime at) {
                        // as the office reads it: Shanghai time, to the minute
                        sheet.value(r + 1, c, at.atZoneSameInstant(ClockProducer.ZONE)
                                .toLocalDateTime());
                        sheet.style(r + 1, c).format("yyyy-mm-dd hh:mm").set();
                    } else {
                        sheet.value(r + 1, c, value.toString());
                    }
                }
            }
            sheet.freezePane(0, 1);
            workbook.finish();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The table as a download: {@code name} (Chinese allowed) becomes its file name. */
    public Response download(Format format, String name) {
        byte[] body = format == Format.XLSX ? xlsx() : csv();
        String type = format == Format.XLSX
                ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" : "text/csv; charset=UTF-8";
        return Downloads.attachment(body, type, name + "." + format.name().toLowerCase(Locale.ROOT));
    }

    private static String sheetName(String title) {
        String name = title == null || title.isBlank() ? "Sheet1" : title.replaceAll("[\\[\\]:*?/\\\\]", "_");
        return name.length() > 31 ? name.substring(0, 31) : name;
    }
}
