package io.wangge.platform.rest;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import org.dhatim.fastexcel.reader.Cell;
import org.dhatim.fastexcel.reader.CellType;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.ReadingOptions;
import org.dhatim.fastexcel.reader.Row;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A sheet people upload from their own tools, the same way for every import: CSV (UTF-8 with or without BOM, or GBK
 * as Chinese Excel saves it, see {@link TextFiles}) or xlsx (its first sheet). Columns are found by their headers,
 * Chinese or English; lines are numbered as the user's spreadsheet numbers them; every cell arrives as text, a
 * number cell of Excel's as the digits it holds, never as the rounded number Excel shows.
 */
public final class ImportSheet {

    public static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    public static final int MAX_ROWS = 200_000;
    /** What Excel makes of a long code typed into a number cell: 6.10431E+14. */
    private static final Pattern EXCEL_NUMBER = Pattern.compile("\\d(\\.\\d+)?[eE]\\+?\\d+");

    /**
     * One row of the sheet: its line number, its cells by column name (blank cells absent) and the columns the
     * sheet has at all, so that a column left out changes nothing while a blank cell of a present column clears.
     */
    public record Line(int number, Map<String, String> cells, java.util.Set<String> columns) {
        public String get(String column) {
            return cells.get(column);
        }

        public boolean has(String column) {
            return columns.contains(column);
        }
    }

    private ImportSheet() {
    }

    /**
     * The rows under the header. {@code headers} maps each accepted header (lower case) to its column;
     * {@code required} columns must be present, else the header is refused naming {@code columnsHint}.
     */
    public static List<Line> read(byte[] body, String contentType, Map<String, String> headers,
                                  List<String> required, String columnsHint) {
        List<List<String>> records = isXlsx(body, contentType) ? xlsx(body) : csv(body, charsetOf(contentType));
        if (records.isEmpty()) {
            throw ProblemException.invalid("file", "文件为空 the file is empty");
        }
        if (records.size() > MAX_ROWS + 1) {
            throw ProblemException.invalid("file", "最多 " + MAX_ROWS + " 行 at most " + MAX_ROWS + " rows");
        }
        Map<String, Integer> columns = new LinkedHashMap<>();
        List<String> header = records.get(0);
        for (int i = 0; i < header.size(); i++) {
            String name = header.get(i) == null ? null : headers.get(header.get(i).trim().toLowerCase(Locale.ROOT));
            if (name != null) {
                columns.putIfAbsent(name, i);
            }
        }
        for (String column : required) {
            if (!columns.containsKey(column)) {
                throw ProblemException.invalid("header", "缺少列 missing column " + column + " (columns: "
                        + columnsHint + ")");
            }
        }
        java.util.Set<String> present = java.util.Set.copyOf(columns.keySet());
        List<Line> lines = new ArrayList<>();
        for (int i = 1; i < records.size(); i++) {
            List<String> record = records.get(i);
            Map<String, String> cells = new LinkedHashMap<>();
            columns.forEach((name, index) -> {
                String value = index < record.size() && record.get(index) != null ? record.get(index).trim() : "";
                if (!value.isEmpty()) {
                    cells.put(name, value);
                }
            });
            if (!cells.isEmpty()) {
                lines.add(new Line(i + 1, cells, present));
            }
        }
        return lines;
    }

    /** Whether Excel turned a code into a number ({@code 6.10431E+14}): its digits are lost, so it is refused. */
    public static boolean isExcelNumber(String text) {
        return text != null && EXCEL_NUMBER.matcher(text).matches();
    }

    /** The problem to report for a code Excel turned into a number. */
    public static String excelNumberProblem(String column, String text) {
        return column + ": Excel 把编码存成了数字 " + text + "，请把该列设为文本 Excel turned the code into a number:"
                + " format the column as text and save again";
    }

    private static boolean isXlsx(byte[] body, String contentType) {
        boolean zip = body != null && body.length > 4 && body[0] == 'P' && body[1] == 'K' && body[2] == 3
                && body[3] == 4;
        return zip || contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith(XLSX);
    }

    private static String charsetOf(String contentType) {
        if (contentType == null) {
            return null;
        }
        for (String parameter : contentType.split(";")) {
            String[] pair = parameter.trim().split("=", 2);
            if (pair.length == 2 && pair[0].trim().equalsIgnoreCase("charset")) {
                return pair[1].trim().replace("\"", "");
            }
        }
        return null;
    }

    private static List<List<String>> csv(byte[] body, String charset) {
        String text = TextFiles.decode(body, charset);
        // blank lines are kept (and dropped by read()) so that every row keeps the number the user's sheet shows
        CsvMapper mapper = new CsvMapper().enable(CsvParser.Feature.WRAP_AS_ARRAY);
        List<List<String>> records = new ArrayList<>();
        try (MappingIterator<String[]> iterator = mapper.readerFor(String[].class).readValues(text)) {
            while (iterator.hasNext()) {
                records.add(List.of(iterator.next()));
                if (records.size() > MAX_ROWS + 1) {
                    break;
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new ProblemException(ProblemType.MALFORMED_REQUEST, "CSV 无法解析 the CSV cannot be read: "
                    + e.getMessage());
        }
        return records;
    }

    private static List<List<String>> xlsx(byte[] body) {
        List<List<String>> records = new ArrayList<>();
        // with cell formats: a date typed into Excel is a number formatted as a date
        try (ReadableWorkbook workbook = new ReadableWorkbook(new ByteArrayInputStream(body),
                new ReadingOptions(true, false));
             Stream<Row> rows = workbook.getFirstSheet().openStream()) {
            rows.limit(MAX_ROWS + 2L).forEach(row -> {
                // a row Excel left out (all blank) keeps the numbering: pad with blank records up to its number
                while (records.size() < row.getRowNum() - 1) {
                    records.add(List.of());
                }
                List<String> cells = new ArrayList<>();
                for (int i = 0; i < row.getCellCount(); i++) {
                    cells.add(text(row.getCell(i)));
                }
                records.add(cells);
            });
        } catch (IOException | RuntimeException e) {
            if (e instanceof ProblemException problem) {
                throw problem;
            }
            throw new ProblemException(ProblemType.MALFORMED_REQUEST, "xlsx 无法读取 the workbook cannot be read: "
                    + e.getMessage());
        }
        return records;
    }

    /** Excel's built-in date formats (14–22) or a custom one that writes a year or a day. */
    static boolean isDateFormat(Integer id, String format) {
        if (id != null && id >= 14 && id <= 22) {
            return true;
        }
        if (format == null) {
            return false;
        }
        // [$-804] locale tags, [Red] colours and "年" quoted text say nothing about whether it is a date
        String bare = format.replaceAll("\\[[^]]*]", "").replaceAll("\"[^\"]*\"", "").replaceAll("\\\\.", "");
        return bare.matches("(?i).*[yd].*") && !bare.matches(".*[0#].*");
    }

    private static String text(Cell cell) {
        if (cell == null || cell.getType() == CellType.EMPTY) {
            return null;
        }
        if (cell.getType() == CellType.NUMBER) {
            if (isDateFormat(cell.getDataFormatId(), cell.getDataFormatString())) {
                return cell.asDate().toLocalDate().toString();
            }
            BigDecimal number = cell.asNumber().stripTrailingZeros();
            // Excel keeps 15 significant digits: a number of more integer digits has lost its last ones, so it is
            // passed on as Excel shows it (6.10431104201001E+17) and refused as a rounded code
            return number.precision() - number.scale() > 15 ? number.toString() : number.toPlainString();
        }
        if (cell.getType() == CellType.BOOLEAN) {
            return cell.asBoolean() ? "是" : "否";
        }
        return cell.getText();
    }
}
