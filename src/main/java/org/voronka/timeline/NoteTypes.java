package org.voronka.timeline;

import java.util.List;
import java.util.Map;

/**
 * The note types that can be written, the params each requires, and the timeline event each
 * produces (amoCRM's names).
 */
public final class NoteTypes {

    public record Spec(List<String> required, List<String> optional, String eventType) {}

    public static final Map<String, Spec> WRITABLE = Map.of(
            "common", new Spec(List.of("text"), List.of(), "common_note_added"),
            "call_in", new Spec(List.of("phone"), List.of("uniq", "duration", "source", "link", "call_responsible", "call_status",
                    "call_result"), "incoming_call"),
            "call_out", new Spec(List.of("phone"), List.of("uniq", "duration", "source", "link", "call_responsible", "call_status",
                    "call_result"), "outgoing_call"),
            "sms_in", new Spec(List.of("text", "phone"), List.of(), "incoming_sms"),
            "sms_out", new Spec(List.of("text", "phone"), List.of(), "outgoing_sms"),
            "service_message", new Spec(List.of("service", "text"), List.of(), "service_note_added"),
            "extended_service_message", new Spec(List.of("service", "text"), List.of(), "service_note_added"),
            "geolocation", new Spec(List.of("text"), List.of("address", "longitude", "latitude"), "geo_note_added"));

    private NoteTypes() {}
}
