package dev.idtrain.telemetry.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;

/**
 * idtrain's JSON, one mapper for what it writes and reads back (the HTTP API, summary.json,
 * status.json): records with snake_case names, whole numbers without a decimal point, and NaN
 * and infinities, which JSON has not, as null; a null read into a double is NaN again.
 */
public final class Json {
  /** Compact, for the HTTP API. */
  public static final ObjectMapper MAPPER = mapper();
  /** Indented, for files a person reads. */
  public static final ObjectMapper FILES = mapper().enable(SerializationFeature.INDENT_OUTPUT);

  private Json() {}

  private static ObjectMapper mapper() {
    SimpleModule numbers = new SimpleModule("idtrain-numbers")
        .addSerializer(Double.class, new StdSerializer<>(Double.class) {
          @Override
          public void serialize(Double v, JsonGenerator gen, SerializerProvider p) throws IOException {
            number(v, gen);
          }
        })
        .addSerializer(double.class, new StdSerializer<>(double.class) {
          @Override
          public void serialize(Double v, JsonGenerator gen, SerializerProvider p) throws IOException {
            number(v, gen);
          }
        })
        .addSerializer(double[].class, new StdSerializer<>(double[].class) {
          @Override
          public void serialize(double[] values, JsonGenerator gen, SerializerProvider p)
              throws IOException {
            gen.writeStartArray(values, values.length);
            for (double v : values) {
              number(v, gen);
            }
            gen.writeEndArray();
          }
        })
        .addDeserializer(Double.class, new NanForNull(Double.class))
        .addDeserializer(double.class, new NanForNull(double.class));
    return new ObjectMapper()
        .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .registerModule(numbers);
  }

  private static void number(double v, JsonGenerator gen) throws IOException {
    if (!Double.isFinite(v)) {
      gen.writeNull();
    } else if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      gen.writeNumber((long) v);
    } else {
      gen.writeNumber(v);
    }
  }

  /** A double read back: null, which stood for NaN, is NaN. */
  private static final class NanForNull extends StdScalarDeserializer<Double> {
    NanForNull(Class<?> type) {
      super(type);
    }

    @Override
    public Double deserialize(JsonParser parser, DeserializationContext context) throws IOException {
      return parser.getDoubleValue();
    }

    @Override
    public Double getNullValue(DeserializationContext context) {
      return Double.NaN;
    }
  }
}
