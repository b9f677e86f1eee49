package org.voronka.timeline;

import java.util.LinkedHashMap;
import java.util.Map;

/** The event types Voronka writes, with amoCRM's numeric codes and their names in both languages. */
public final class EventTypes {

    public record Type(String key, int code, String ru, String en) {}

    public static final Map<String, Type> ALL = new LinkedHashMap<>();

    static {
        add("lead_added", 1, "Новая сделка", "Lead added");
        add("contact_added", 2, "Новый контакт", "Contact added");
        add("company_added", 3, "Новая компания", "Company added");
        add("lead_status_changed", 4, "Изменение этапа продажи", "Lead status changed");
        add("lead_deleted", 7, "Сделка удалена", "Lead deleted");
        add("lead_restored", 8, "Сделка восстановлена", "Lead restored");
        add("entity_responsible_changed", 9, "Ответственный изменен", "Responsible changed");
        add("sale_field_changed", 10, "Изменение поля «Бюджет»", "Sale field changed");
        add("name_field_changed", 11, "Изменение поля «Название»", "Name field changed");
        add("entity_linked", 12, "Прикрепление", "Entity linked");
        add("entity_unlinked", 13, "Открепление", "Entity unlinked");
        add("contact_deleted", 14, "Контакт удален", "Contact deleted");
        add("company_deleted", 15, "Компания удалена", "Company deleted");
        add("entity_tag_added", 16, "Теги добавлены", "Tags added");
        add("entity_tag_deleted", 17, "Теги убраны", "Tags removed");
        add("custom_field_value_changed", 18, "Изменение поля", "Field value changed");
        add("entity_merged", 19, "Выполнено объединение", "Entities merged");
        add("task_added", 20, "Новая задача", "Task added");
        add("task_completed", 21, "Задача завершена", "Task completed");
        add("task_text_changed", 22, "Изменён текст задачи", "Task text changed");
        add("task_deadline_changed", 23, "Изменён срок задачи", "Task deadline changed");
        add("task_type_changed", 24, "Изменён тип задачи", "Task type changed");
        add("common_note_added", 25, "Новое примечание", "Note added");
        add("incoming_call", 26, "Входящий звонок", "Incoming call");
        add("outgoing_call", 27, "Исходящий звонок", "Outgoing call");
        add("incoming_sms", 28, "Входящее SMS", "Incoming SMS");
        add("outgoing_sms", 29, "Исходящее SMS", "Outgoing SMS");
        add("service_note_added", 30, "Системное примечание", "Service note added");
        add("geo_note_added", 31, "Геолокация", "Geolocation note added");
        add("contact_restored", 32, "Контакт восстановлен", "Contact restored");
        add("company_restored", 33, "Компания восстановлена", "Company restored");
        // Voronka's own: amoCRM shows a loss reason only on the deal
        add("loss_reason_changed", 34, "Изменена причина отказа", "Loss reason changed");
    }

    private EventTypes() {}

    private static void add(String key, int code, String ru, String en) {
        ALL.put(key, new Type(key, code, ru, en));
    }
}
