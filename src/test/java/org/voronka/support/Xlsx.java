package org.voronka.support;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** Reads the first sheet of an XLSX file as rows of cell texts (shared and inline strings resolved, numbers as written). */
public final class Xlsx {

    private Xlsx() {}

    public static List<List<String>> rows(byte[] file) {
        // read through the central directory: the streamed entries carry their sizes only there
        Map<String, byte[]> parts = new HashMap<>();
        try {
            java.nio.file.Path temp = java.nio.file.Files.createTempFile("export", ".xlsx");
            try {
                java.nio.file.Files.write(temp, file);
                try (ZipFile zip = new ZipFile(temp.toFile())) {
                    for (ZipEntry e : java.util.Collections.list(zip.entries())) {
                        try (var in = zip.getInputStream(e)) {
                            parts.put(e.getName(), in.readAllBytes());
                        }
                    }
                }
            } finally {
                java.nio.file.Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> shared = new ArrayList<>();
        if (parts.containsKey("xl/sharedStrings.xml")) {
            NodeList items = xml(parts.get("xl/sharedStrings.xml")).getElementsByTagName("si");
            for (int i = 0; i < items.getLength(); i++) {
                shared.add(items.item(i).getTextContent());
            }
        }
        byte[] sheet = parts.get("xl/worksheets/sheet1.xml");
        if (sheet == null) {
            throw new AssertionError("no first sheet in " + parts.keySet());
        }
        List<List<String>> rows = new ArrayList<>();
        NodeList rowNodes = xml(sheet).getElementsByTagName("row");
        for (int r = 0; r < rowNodes.getLength(); r++) {
            Element row = (Element) rowNodes.item(r);
            List<String> cells = new ArrayList<>();
            NodeList cellNodes = row.getElementsByTagName("c");
            for (int c = 0; c < cellNodes.getLength(); c++) {
                Element cell = (Element) cellNodes.item(c);
                int column = column(cell.getAttribute("r"));
                while (cells.size() < column) {
                    cells.add("");
                }
                NodeList v = cell.getElementsByTagName("v");
                String text = v.getLength() == 0 ? cell.getTextContent() : v.item(0).getTextContent();
                cells.add("s".equals(cell.getAttribute("t")) ? shared.get(Integer.parseInt(text)) : text);
            }
            rows.add(cells);
        }
        return rows;
    }

    private static int column(String ref) {
        int n = 0;
        for (char ch : ref.toCharArray()) {
            if (!Character.isLetter(ch)) {
                break;
            }
            n = n * 26 + (ch - 'A' + 1);
        }
        return n - 1;
    }

    private static Document xml(byte[] bytes) {
        try {
            return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new ByteArrayInputStream(bytes));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
