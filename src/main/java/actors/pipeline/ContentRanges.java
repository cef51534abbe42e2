package actors.pipeline;

import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.pekko.http.javadsl.model.HttpResponse;

/** The {@code Content-Range} of a 206, read as far as continuing a partial body needs. */
final class ContentRanges {

  private ContentRanges() {}

  private static final Pattern RANGE = Pattern.compile("bytes\\s+(\\d+)-(\\d+)/(\\d+|\\*)");

  /**
   * The whole body's length (empty if the server says {@code *}) when {@code response}'s range
   * starts at {@code first}; null when it has no such range (another start, no header, nonsense).
   */
  static OptionalLong totalIfStartsAt(HttpResponse response, long first) {
    String value = response.getHeader("Content-Range").map(h -> h.value().trim()).orElse("");
    Matcher range = RANGE.matcher(value);
    if (!range.matches()) {
      return null;
    }
    try {
      if (Long.parseLong(range.group(1)) != first) {
        return null;
      }
      return range.group(3).equals("*")
          ? OptionalLong.empty()
          : OptionalLong.of(Long.parseLong(range.group(3)));
    } catch (NumberFormatException tooLong) {
      return null;
    }
  }
}
