package org.voronka.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every text of the UI comes from both bundles: no key missing in one, no literal text in a template. */
class MessageBundleTests {

    static final Path TEMPLATES = Path.of("src/main/resources/templates");
    private static final Pattern KEY = Pattern.compile("#\\{([A-Za-z0-9_.]+)");
    private static final Pattern ATTRIBUTE = Pattern.compile("(?<![:\\w-])(placeholder|title|alt|aria-label|label)=\"([^\"]*)\"");

    static Properties bundle(String name) throws IOException {
        Properties p = new Properties();
        try (Reader r = new InputStreamReader(MessageBundleTests.class.getResourceAsStream("/" + name), StandardCharsets.UTF_8)) {
            p.load(r);
        }
        return p;
    }

    @Test
    void russianAndEnglishBundlesHaveTheSameKeys() throws IOException {
        Set<String> ru = bundle("messages.properties").stringPropertyNames();
        Set<String> en = bundle("messages_en.properties").stringPropertyNames();
        Set<String> onlyRu = new TreeSet<>(ru);
        onlyRu.removeAll(en);
        Set<String> onlyEn = new TreeSet<>(en);
        onlyEn.removeAll(ru);
        assertThat(onlyRu).as("keys missing in messages_en.properties").isEmpty();
        assertThat(onlyEn).as("keys missing in messages.properties").isEmpty();
        assertThat(ru).hasSizeGreaterThan(100);
    }

    @Test
    void everyKeyATemplateNamesExists() throws IOException {
        Set<String> ru = bundle("messages.properties").stringPropertyNames();
        List<String> missing = new ArrayList<>();
        for (Path t : templates()) {
            Matcher m = KEY.matcher(Files.readString(t));
            while (m.find()) {
                if (!ru.contains(m.group(1))) {
                    missing.add(TEMPLATES.relativize(t) + ": " + m.group(1));
                }
            }
        }
        assertThat(missing).isEmpty();
    }

    @Test
    void templatesHaveNoLiteralUserVisibleText() throws IOException {
        List<String> found = new ArrayList<>();
        for (Path t : templates()) {
            literalText(Files.readString(t)).forEach(text -> found.add(TEMPLATES.relativize(t) + ": " + text));
        }
        assertThat(found).isEmpty();
    }

    @Test
    void theLiteralTextCheckFindsText() {
        assertThat(literalText("<p>Привет</p>")).containsExactly("Привет");
        assertThat(literalText("<input placeholder=\"Name\">")).containsExactly("placeholder=Name");
        assertThat(literalText("<p th:text=\"#{a}\"></p><input th:placeholder=\"#{b}\"><b>+ 1 &times;</b>")).isEmpty();
    }

    /** Text nodes and labelling attributes with letters in them, outside scripts, styles and comments. */
    static List<String> literalText(String html) {
        String stripped = html.replaceAll("(?s)<!--.*?-->", "").replaceAll("(?s)<script.*?</script>", "")
                .replaceAll("(?s)<style.*?</style>", "");
        List<String> found = new ArrayList<>();
        Matcher attrs = ATTRIBUTE.matcher(stripped);
        while (attrs.find()) {
            if (attrs.group(2).matches("(?s).*\\p{L}.*")) {
                found.add(attrs.group(1) + "=" + attrs.group(2));
            }
        }
        for (String text : stripped.replaceAll("(?s)<[^>]*>", "\u0000").split("\u0000")) {
            String t = text.replaceAll("&[a-z]+;", "").trim();
            if (t.matches("(?s).*\\p{L}.*")) {
                found.add(t);
            }
        }
        return found;
    }

    private static List<Path> templates() throws IOException {
        try (Stream<Path> files = Files.walk(TEMPLATES)) {
            return files.filter(p -> p.toString().endsWith(".html")).sorted().toList();
        }
    }
}
