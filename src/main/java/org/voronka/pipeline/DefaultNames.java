package org.voronka.pipeline;

import java.util.List;

/** Names of the default pipeline and the system stages in the account's language. */
final class DefaultNames {

    private DefaultNames() {}

    static boolean en(String lang) {
        return "en".equalsIgnoreCase(lang);
    }

    static String pipeline(String lang) {
        return en(lang) ? "Sales" : "Воронка";
    }

    static List<String> stages(String lang) {
        return en(lang) ? List.of("Initial contact", "Negotiation", "Decision making", "Contract discussion")
                : List.of("Первичный контакт", "Переговоры", "Принимают решение", "Согласование договора");
    }

    static String unsorted(String lang) {
        return en(lang) ? "Incoming" : "Неразобранное";
    }

    static String won(String lang) {
        return en(lang) ? "Closed - won" : "Успешно реализовано";
    }

    static String lost(String lang) {
        return en(lang) ? "Closed - lost" : "Закрыто и не реализовано";
    }
}
