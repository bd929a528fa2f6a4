package io.athenalake.sqs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The one envelope reader. Every body the services consume is a JSON object; an athena-lake message (the
 * {@code events} module's records) also carries its {@code type}, a non-blank {@code id} and a positive
 * {@code schemaVersion}. What is not says why in a {@link MalformedMessageException}, which dead-letters it.
 */
public final class Envelopes {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Envelopes() {
    }

    /** An athena-lake message's envelope, and the whole body for reading the rest. */
    public record Envelope(String type, String id, int schemaVersion, JsonNode body) {
    }

    /** The body as a JSON object. */
    public static JsonNode object(String body) {
        JsonNode tree;
        try {
            tree = JSON.readTree(body == null ? "" : body);
        } catch (JsonProcessingException e) {
            throw new MalformedMessageException("body is not JSON: " + e.getOriginalMessage());
        }
        if (tree == null || tree.isMissingNode() || !tree.isObject()) {
            throw new MalformedMessageException("body is not a JSON object");
        }
        return tree;
    }

    /** The body as an athena-lake message: a JSON object with a textual {@code type}, {@code id} and a {@code schemaVersion}. */
    public static Envelope message(String body) {
        JsonNode tree = object(body);
        String type = text(tree, "type");
        String id = text(tree, "id");
        JsonNode version = tree.get("schemaVersion");
        if (type == null || id == null || version == null || !version.canConvertToInt() || !version.isIntegralNumber()
                || version.asInt() < 1) {
            String missing = type == null ? "type" : id == null ? "id" : "schemaVersion";
            throw new MalformedMessageException("body is not an athena-lake message: " + missing
                    + " is missing or invalid (a JSON object with a textual type and id and a positive schemaVersion is required)");
        }
        return new Envelope(type, id, version.asInt(), tree);
    }

    /** The field's text; null when it is absent, not textual or blank. */
    public static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || !value.isTextual() || value.asText().isBlank() ? null : value.asText();
    }
}
