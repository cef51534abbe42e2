package actors.pipeline;

import actors.support.Sha256;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import org.apache.pekko.http.javadsl.model.Uri;

/**
 * A URL line read the way the HTTP client will send it, or refused with the reason, before any
 * request: a URL that the JDK's parser accepts but Pekko HTTP's refuses never reaches the client.
 *
 * <ul>
 *   <li>Non-ASCII characters in the path or query are sent percent-encoded as UTF-8, as curl and
 *       browsers do ({@code /ok/é} is requested as {@code /ok/%C3%A9}).
 *   <li>Credentials ({@code http://user:pass@host/}) are sent as basic auth, never in the request
 *       line, and only to the host they were given for. Every output shows the URL with the
 *       password masked ({@code user:***@}), and resume matches by that form; duplicates are told
 *       apart by {@code identity}, which has the user name but never the password.
 *   <li>Refused: no {@code http}/{@code https} scheme, no host, a port outside 1..65535, anything
 *       else either parser rejects ({@link ErrorCode#MALFORMED_URL}, with the parser's reason).
 * </ul>
 *
 * @param request what is requested: normalized, ASCII, without credentials
 * @param display the line as written, password masked: what the manifest and the logs show
 * @param identity what makes two lines the same URL (duplicates, file names): the request, with the
 *     user name if there is one
 * @param fingerprint the SHA-256 of {@code identity}
 * @param authorization the {@code Authorization} header value, for the request's own host only
 * @param fileName the body's file name in the output directory ({@link SafeNames})
 */
record RequestUrl(
    Uri request,
    String display,
    String identity,
    byte[] fingerprint,
    Optional<String> authorization,
    String fileName) {

  /** A line that is not a URL the downloader can request. */
  static final class Invalid extends Exception {
    final ErrorCode code;

    Invalid(ErrorCode code, String detail) {
      super(detail, null, false, false);
      this.code = code;
    }
  }

  /** Reads {@code text} as a URL to request. */
  static RequestUrl parse(String text) throws Invalid {
    URI uri;
    try {
      uri = new URI(text).normalize();
    } catch (URISyntaxException e) {
      throw new Invalid(ErrorCode.MALFORMED_URL, e.getMessage());
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new Invalid(ErrorCode.UNSUPPORTED_SCHEME, "scheme '" + scheme + "'");
    }
    if (uri.getHost() == null
        && uri.getRawAuthority() != null
        && uri.getRawAuthority().matches("[^:]+:-?\\d+")) {
      String port = uri.getRawAuthority().substring(uri.getRawAuthority().lastIndexOf(':') + 1);
      throw new Invalid(ErrorCode.BAD_PORT, "port " + port + " is outside 1..65535");
    }
    if (uri.getHost() == null) {
      throw new Invalid(
          ErrorCode.NO_HOST, "no host the URL parser understands (IDN hosts: use the xn-- form)");
    }
    if (uri.getPort() != -1 && (uri.getPort() < 1 || uri.getPort() > 65535)) {
      throw new Invalid(ErrorCode.BAD_PORT, "port " + uri.getPort() + " is outside 1..65535");
    }
    String rawInfo = uri.getRawUserInfo();
    Optional<String> authorization = Optional.empty();
    String display = text;
    if (rawInfo != null) {
      authorization =
          Optional.of(
              "Basic "
                  + Base64.getEncoder()
                      .encodeToString(uri.getUserInfo().getBytes(StandardCharsets.UTF_8)));
      int colon = rawInfo.indexOf(':');
      int at = text.indexOf(rawInfo + "@"); // the raw user info stands in the text as written
      if (colon >= 0 && at >= 0) {
        display = text.substring(0, at + colon + 1) + "***" + text.substring(at + rawInfo.length());
      }
    }
    URI plain = withoutUserInfo(uri);
    String ascii = plain.toASCIIString();
    Uri request;
    try {
      request = Uri.create(ascii);
    } catch (RuntimeException e) { // Pekko's IllegalUriException
      throw new Invalid(ErrorCode.MALFORMED_URL, String.valueOf(e.getMessage()));
    }
    String identity = ascii;
    if (rawInfo != null) { // the user name (still percent-encoded), never the password
      int start = ascii.indexOf("://") + 3;
      int colon = rawInfo.indexOf(':');
      identity =
          ascii.substring(0, start)
              + (colon < 0 ? rawInfo : rawInfo.substring(0, colon))
              + "@"
              + ascii.substring(start);
    }
    byte[] fingerprint = Sha256.of(identity); // once: for the file name and for duplicates
    return new RequestUrl(
        request,
        display,
        identity,
        fingerprint,
        authorization,
        SafeNames.forUrl(plain, fingerprint));
  }

  /**
   * {@code text}, a line that is no URL to request, with whatever looks like a password masked:
   * from the first {@code :} after {@code ://} to the last {@code @} before any white space. (Such
   * a line is only shown, never requested or resumed, so masking too much costs nothing.)
   */
  static String masked(String text) {
    int authority = text.indexOf("://");
    if (authority < 0) {
      return text;
    }
    int start = authority + 3;
    int end = start;
    while (end < text.length() && !Character.isWhitespace(text.charAt(end))) {
      end++;
    }
    int at = text.lastIndexOf('@', end - 1);
    int colon = text.indexOf(':', start);
    if (at < start || colon < 0 || colon > at) {
      return text;
    }
    return text.substring(0, colon + 1) + "***" + text.substring(at);
  }

  private static URI withoutUserInfo(URI uri) {
    if (uri.getRawUserInfo() == null) {
      return uri;
    }
    String raw = uri.toString();
    int start = raw.indexOf("://") + 3;
    return URI.create(raw.substring(0, start) + raw.substring(raw.indexOf('@', start) + 1));
  }
}
