package actors.serve;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import org.apache.pekko.http.javadsl.marshallers.jackson.Jackson;
import org.apache.pekko.http.javadsl.marshalling.Marshaller;
import org.apache.pekko.http.javadsl.model.RequestEntity;

/**
 * The service's one JSON codec: records become objects with snake_case fields ({@code maxEntries}
 * is {@code max_entries}), as the API table writes them. Thread-safe once configured, as Jackson's
 * mapper is.
 */
final class Json {

  static final ObjectMapper MAPPER =
      new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

  private Json() {}

  /**
   * Pekko HTTP's marshaller over {@link #MAPPER}: {@code complete(status, body,
   * Json.marshaller())}.
   */
  static <T> Marshaller<T, RequestEntity> marshaller() {
    return Jackson.marshaller(MAPPER);
  }

  static String quote(String text) {
    try {
      return MAPPER.writeValueAsString(text);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e); // a String always serializes
    }
  }

  /** {@code text} cut to 80 characters, for echoing a user's input in an error. */
  static String shorten(String text) {
    return text.length() <= 80 ? text : text.substring(0, 77) + "...";
  }
}
