package dev.tokentally.base.api;

import java.time.Instant;
import java.time.format.DateTimeParseException;

import org.springframework.boot.jackson.autoconfigure.JsonFactoryBuilderCustomizer;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.type.LogicalType;

/**
 * How the APIs read JSON bodies: strictly. A value of the wrong type is an error, not coerced ("350" is not a
 * count, 7 is not a name, 12.5 is not 12); a property given twice is an error, not "the last one wins";
 * decimals stay exact; timestamps are ISO-8601 strings only; nesting is bounded.
 */
@Configuration(proxyBeanMethods = false)
class ApiJsonConfig {

    /** Far more than any request of the APIs needs; a body of brackets is refused early. */
    static final int MAX_NESTING_DEPTH = 64;

    @Bean
    JsonFactoryBuilderCustomizer boundedJsonNesting() {
        return factory -> factory.streamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(MAX_NESTING_DEPTH).build());
    }

    @Bean
    JsonMapperBuilderCustomizer strictJsonInput() {
        return mapper -> mapper
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS, DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .withCoercionConfig(LogicalType.Textual, text -> text
                        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
                .withCoercionConfig(LogicalType.Integer, count -> count
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.String, CoercionAction.Fail))
                .withCoercionConfig(LogicalType.Boolean, flag -> flag
                        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.String, CoercionAction.Fail))
                .addModule(new SimpleModule("strict-instants").addDeserializer(Instant.class, new IsoInstant()));
    }

    /** Only an ISO-8601 string is a timestamp; an epoch number is too easily seconds taken for milliseconds. */
    static final class IsoInstant extends ValueDeserializer<Instant> {

        @Override
        public Instant deserialize(JsonParser parser, DeserializationContext context) {
            if (parser.currentToken() != JsonToken.VALUE_STRING) {
                return (Instant) context.handleUnexpectedToken(Instant.class, parser);
            }
            String text = parser.getString().trim();
            try {
                return Instant.parse(text);
            } catch (DateTimeParseException notIso) {
                return (Instant) context.handleWeirdStringValue(Instant.class, text, "not an ISO-8601 timestamp");
            }
        }
    }
}
