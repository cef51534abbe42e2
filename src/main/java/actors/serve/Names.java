package actors.serve;

import java.util.regex.Pattern;

/**
 * The rule for counter names, cache keys and job ids in a URL: 1 to 128 characters of {@code
 * [A-Za-z0-9._~-]} (RFC 3986's unreserved characters, so a name needs no escaping anywhere: in a
 * URL, a file name, an actor name or a journal id). The same rule as the benchmark's peer servers.
 */
final class Names {

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._~-]{1,128}");

  private Names() {}

  /** Whether {@code value} follows the rule. */
  static boolean valid(String value) {
    return NAME.matcher(value).matches();
  }

  /** {@code value} if it follows the rule; otherwise a 400 naming {@code what} and the rule. */
  static String check(String what, String value) {
    if (!valid(value)) {
      throw ApiException.badRequest(
          what,
          "a "
              + what
              + " is 1 to 128 characters of A-Z a-z 0-9 . _ ~ -"
              + (value.isEmpty() ? "" : ", not " + Json.quote(Json.shorten(value))));
    }
    return value;
  }
}
