package dev.pedigree.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import dev.pedigree.objects.Digest;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;

/**
 * The one JSON mapper of Pedigree's stored records. Output is canonical (properties and map
 * keys sorted, no indentation) so equal records have equal bytes and so equal digests.
 * Internal: not part of the API.
 */
public final class Json {
  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
      .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .addModule(new SimpleModule("pedigree")
          .addSerializer(Digest.class, new ToStringSerializer<>())
          .addDeserializer(Digest.class, new FromString<>(Digest.class, Digest::parse))
          .addSerializer(Instant.class, new ToStringSerializer<>())
          .addDeserializer(Instant.class, new FromString<>(Instant.class, Instant::parse))
          .addSerializer(Duration.class, new ToStringSerializer<>())
          .addDeserializer(Duration.class, new FromString<>(Duration.class, Duration::parse)))
      .build();

  private Json() {
  }

  /**
   * Returns the shared mapper, for internal code that needs trees or streaming.
   *
   * @return the mapper
   */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /**
   * Writes a value as canonical JSON bytes.
   *
   * @param value the value
   * @return UTF-8 JSON
   */
  public static byte[] write(Object value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write " + value.getClass().getSimpleName() + " as JSON: " + e.getOriginalMessage(), e);
    }
  }

  /**
   * Reads JSON bytes as a value of the given type.
   *
   * @param bytes UTF-8 JSON
   * @param type the type
   * @param <T> the type
   * @return the value
   * @throws IOException if the bytes are not JSON of that shape
   */
  public static <T> T read(byte[] bytes, Class<T> type) throws IOException {
    return MAPPER.readValue(bytes, type);
  }

  private static final class ToStringSerializer<T> extends JsonSerializer<T> {
    @Override
    public void serialize(T value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
      gen.writeString(value.toString());
    }
  }

  private static final class FromString<T> extends JsonDeserializer<T> {
    private final Class<T> type;
    private final java.util.function.Function<String, T> parse;

    FromString(Class<T> type, java.util.function.Function<String, T> parse) {
      this.type = type;
      this.parse = parse;
    }

    @Override
    public T deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      String text = p.getValueAsString();
      try {
        return parse.apply(text);
      } catch (RuntimeException e) {
        throw ctxt.weirdStringException(text, type, e.getMessage());
      }
    }
  }
}
