package org.voronka.api;

import org.voronka.shared.ValidationException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** Parses request bodies ourselves so that malformed JSON gets a precise 400, never a 500. */
final class Body {

    private Body() {}

    static JsonNode parse(ObjectMapper json, byte[] body) {
        if (body == null || body.length == 0) {
            throw ValidationException.of("0", "", "EmptyBody", "The request body is empty");
        }
        try {
            return json.reader().with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).readTree(body);
        } catch (JacksonException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr();
            throw ValidationException.of("0", "", "MalformedJson", "The body is not valid JSON" + where);
        }
    }
}
