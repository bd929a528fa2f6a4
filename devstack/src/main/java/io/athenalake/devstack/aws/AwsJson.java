package io.athenalake.devstack.aws;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * JSON as the AWS JSON protocols write it: PascalCase members, absent members left out,
 * timestamps as epoch seconds with a fraction.
 */
public final class AwsJson {

    public static final ObjectMapper MAPPER = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.UPPER_CAMEL_CASE)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .registerModule(new SimpleModule().addSerializer(Instant.class, new EpochSecondsSerializer()));

    private AwsJson() {
    }

    /** A required string member; an AWS validation error when it is absent or blank. */
    public static String requiredText(JsonNode request, String member, String errorCode) {
        JsonNode node = request.get(member);
        if (node == null || node.isNull() || !node.isTextual() || node.asText().isBlank()) {
            throw new AwsException(errorCode, "1 validation error detected: Value null at '"
                    + Character.toLowerCase(member.charAt(0)) + member.substring(1)
                    + "' failed to satisfy constraint: Member must not be null");
        }
        return node.asText();
    }

    public static Optional<String> optionalText(JsonNode request, String member, String errorCode) {
        JsonNode node = request.get(member);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isTextual()) {
            throw new AwsException(errorCode, "'" + member + "' must be a string");
        }
        return Optional.of(node.asText());
    }

    public static Optional<Integer> optionalInt(JsonNode request, String member, String errorCode) {
        JsonNode node = request.get(member);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.canConvertToInt() || !node.isIntegralNumber()) {
            throw new AwsException(errorCode, "'" + member + "' must be an integer");
        }
        return Optional.of(node.asInt());
    }

    public static Optional<Long> optionalLong(JsonNode request, String member, String errorCode) {
        JsonNode node = request.get(member);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isIntegralNumber()) {
            throw new AwsException(errorCode, "'" + member + "' must be an integer");
        }
        return Optional.of(node.asLong());
    }

    public static Optional<Boolean> optionalBoolean(JsonNode request, String member, String errorCode) {
        JsonNode node = request.get(member);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isBoolean()) {
            throw new AwsException(errorCode, "'" + member + "' must be a boolean");
        }
        return Optional.of(node.asBoolean());
    }

    public static List<String> textList(JsonNode request, String member, String errorCode) {
        JsonNode node = request.get(member);
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw new AwsException(errorCode, "'" + member + "' must be a list of strings");
        }
        return java.util.stream.StreamSupport.stream(node.spliterator(), false).map(element -> {
            if (!element.isTextual()) {
                throw new AwsException(errorCode, "'" + member + "' must be a list of strings");
            }
            return element.asText();
        }).toList();
    }

    /** A nested structure member, or an empty object when absent. */
    public static JsonNode object(JsonNode request, String member, String errorCode) {
        JsonNode node = request.get(member);
        if (node == null || node.isNull()) {
            return MAPPER.createObjectNode();
        }
        if (!node.isObject()) {
            throw new AwsException(errorCode, "'" + member + "' must be a structure");
        }
        return node;
    }

    private static final class EpochSecondsSerializer extends StdSerializer<Instant> {
        EpochSecondsSerializer() {
            super(Instant.class);
        }

        @Override
        public void serialize(Instant value, JsonGenerator generator, SerializerProvider provider) throws IOException {
            generator.writeNumber(java.math.BigDecimal.valueOf(value.toEpochMilli(), 3));
        }
    }
}
