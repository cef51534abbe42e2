package actors.pipeline;

import java.util.OptionalLong;
import org.apache.pekko.http.javadsl.model.ContentRange;
import org.apache.pekko.http.javadsl.model.HttpResponse;

/**
 * The {@code Content-Range} of a 206, as Pekko HTTP parsed it, read as far as continuing a partial
 * body needs.
 */
final class ContentRanges {

  private ContentRanges() {}

  /**
   * The whole body's length (empty if the server says {@code *}) when {@code response}'s byte range
   * starts at {@code first}; null when it has no such range (another start, no header, another
   * unit, an unsatisfiable range).
   */
  static OptionalLong totalIfStartsAt(HttpResponse response, long first) {
    return response
        .getHeader(org.apache.pekko.http.javadsl.model.headers.ContentRange.class)
        .map(header -> header.contentRange())
        .filter(ContentRange::isByteContentRange)
        .filter(range -> range.getSatisfiableFirst().orElse(-1) == first)
        .map(ContentRange::getInstanceLength)
        .orElse(null);
  }
}
