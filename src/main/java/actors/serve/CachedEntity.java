package actors.serve;

import java.nio.charset.StandardCharsets;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpEntity;
import org.apache.pekko.util.ByteString;

/**
 * A cache value as the cache holds it: the patterns' cache maps {@code String} to {@code String}
 * (see {@link actors.cache.Cache} for why it is not generic), so an HTTP entity is kept as one
 * string: its Content-Type, a line feed (never part of a header value), then its bytes one {@code
 * char} per byte. ISO-8859-1 maps each of the 256 byte values to one char and back, so any body,
 * text or not, comes back byte for byte; Java's compact strings store such a string at one byte per
 * char, so the value costs what its body does.
 */
final class CachedEntity {

  private CachedEntity() {}

  static String encode(HttpEntity.Strict entity) {
    return entity.getContentType().toString()
        + '\n'
        + entity.getData().decodeString(StandardCharsets.ISO_8859_1);
  }

  static HttpEntity.Strict decode(String stored) {
    int split = stored.indexOf('\n');
    // The type was parsed by Pekko when it was put, so it parses again.
    ContentType type = ContentTypes.parse(stored.substring(0, split));
    ByteString body =
        ByteString.fromString(stored.substring(split + 1), StandardCharsets.ISO_8859_1);
    return HttpEntities.create(type, body);
  }
}
