package org.voronka.shared;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;

/**
 * Writes {@link Table}s as CSV (UTF-8 with a byte order mark, so that spreadsheet programs pick
 * the encoding; times in ISO-8601 in the given zone) or as XLSX (numbers stay numbers, times are
 * date cells in the given zone). Both stream row by row.
 */
public final class TableExport {

    /** The formats a table can be exported in, with their file extension and media type. */
    public enum Format {
        CSV("csv", "text/csv; charset=UTF-8"),
        XLSX("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");

        private final String extension;
        private final String mediaType;

        Format(String extension, String mediaType) {
            this.extension = extension;
            this.mediaType = mediaType;
        }

        public String extension() {
            return extension;
        }

        public String mediaType() {
            return mediaType;
        }

        public static Optional<Format> of(String code) {
            for (Format f : values()) {
                if (f.extension.equals(code == null ? null : code.toLowerCase(Locale.ROOT))) {
                    return Optional.of(f);
                }
            }
            return Optional.empty();
        }
    }

    private TableExport() {}

    public static void write(Table table, Format format, ZoneId zone, OutputStream out) {
        try {
            if (format == Format.CSV) {
                csv(table, zone, out);
            } else {
                xlsx(table, zone, out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void csv(Table table, ZoneId zone, OutputStream out) throws IOException {
        Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        writer.write('\uFEFF');
        CSVPrinter printer = new CSVPrinter(writer, CSVFormat.EXCEL);
        printer.printRecord(table.headers());
        for (List<Object> row : table.rows()) {
            printer.printRecord(row.stream().map(cell -> cell instanceof Instant i ? i.atZone(zone).toOffsetDateTime().toString()
                    : cell instanceof java.math.BigDecimal b ? b.toPlainString() : cell).toList());
        }
        printer.flush();
    }

    private static void xlsx(Table table, ZoneId zone, OutputStream out) throws IOException {
        Workbook wb = new Workbook(out, "Voronka", "1.0");
        Worksheet ws = wb.newWorksheet(sheetName(table.title()));
        for (int c = 0; c < table.headers().size(); c++) {
            ws.value(0, c, table.headers().get(c));
            ws.style(0, c).bold().set();
        }
        int r = 1;
        for (List<Object> row : table.rows()) {
            for (int c = 0; c < row.size(); c++) {
                Object cell = row.get(c);
                if (cell instanceof Number n) {
                    ws.value(r, c, n);
                } else if (cell instanceof Instant i) {
                    ws.value(r, c, i.atZone(zone).toLocalDateTime());
                    ws.style(r, c).format("yyyy-mm-dd hh:mm").set();
                } else if (cell != null) {
                    ws.value(r, c, cell.toString());
                }
            }
            r++;
        }
        wb.finish();
    }

    /** Excel allows 31 characters and no []:*?/\ in a sheet name. */
    static String sheetName(String title) {
        String name = title == null || title.isBlank() ? "Sheet1" : title.replaceAll("[\\[\\]:*?/\\\\]", " ").trim();
        return name.length() > 31 ? name.substring(0, 31) : name;
    }
}
