package actors.serve;

import org.apache.pekko.http.javadsl.model.HttpEntity;

/**
 * A body's size, checked before it is read. A body that announces its length ({@code
 * Content-Length}) over the limit is refused at once with a 413, without reading it; a chunked one
 * is cut off where it crosses the limit (Pekko's {@code EntityStreamSizeException}, also a 413).
 */
final class Limits {

  private Limits() {}

  static void check(HttpEntity entity, long limit) {
    if (entity.getContentLengthOption().isPresent()
        && entity.getContentLengthOption().getAsLong() > limit) {
      throw ApiException.tooLarge("the body", limit);
    }
  }
}
