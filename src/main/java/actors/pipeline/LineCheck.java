package actors.pipeline;

/**
 * The checks an input line passes before it may take a download slot, in order: readable, a URL to
 * request ({@link RequestUrl}), not named by an earlier line ({@link SeenUrls}), not completed by
 * an earlier run ({@link Resume}). Owned by one stream stage ({@code statefulMap}), with its state.
 */
final class LineCheck {

  private final SeenUrls seen = new SeenUrls();
  private final Resume resume;
  private final boolean revalidate;
  private final FileNaming naming;

  /**
   * Checks against what {@code resume} knows completed; with {@code revalidate}, such a line is
   * asked again, conditionally, instead of {@code skipped}; its file is named by {@code naming}.
   */
  LineCheck(Resume resume, boolean revalidate, FileNaming naming) {
    this.resume = resume;
    this.revalidate = revalidate;
    this.naming = naming;
  }

  /** A job, or the line's outcome; never throws: one odd line must not end the run. */
  ValidatedLine check(InputLine line) {
    try {
      return checked(line);
    } catch (RuntimeException bug) {
      String masked = RequestUrl.masked(line.text());
      Trace.bug(masked, "line " + line.number() + " could not be checked: " + bug, bug);
      return Outcome.invalid(line, masked, ErrorCode.MALFORMED_URL);
    }
  }

  private ValidatedLine checked(InputLine line) {
    if (line.unreadable() != null) {
      return Outcome.invalid(line, RequestUrl.masked(line.text()), line.unreadable());
    }
    RequestUrl url;
    String sha256;
    try {
      String text = line.text();
      // Most lines are a URL alone: split (a regex) only those that hold more.
      String[] words = hasWhitespace(text) ? text.split("\\s+") : new String[] {text};
      sha256 = checksum(words);
      url = RequestUrl.parse(words[0]);
    } catch (RequestUrl.Invalid invalid) {
      String masked = RequestUrl.masked(line.text());
      String word = line.text().split("\\s+", 2)[0]; // the parser quotes the URL word only
      String detail =
          String.valueOf(invalid.getMessage())
              .replace(line.text(), masked)
              .replace(word, RequestUrl.masked(word));
      Trace.debug(masked, "invalid (line {}): {}", line.number(), detail);
      return Outcome.invalid(line, masked, invalid.code);
    }
    if (!seen.add(url.fingerprint())) {
      return Outcome.duplicate(line, url.display());
    }
    Outcome previous =
        resume
            .of(url.display())
            .filter(done -> sha256 == null || sha256.equals(done.sha256()))
            .orElse(null);
    if (previous != null && !revalidate) {
      return Outcome.skipped(line, previous);
    }
    Trace.debug(url.display(), "queued (line {})", line.number());
    String name =
        naming == FileNaming.HASH
            ? url.fileName()
            : naming.nameFor(java.net.URI.create(url.request().toString()), url.fileName());
    return new Job(line, url, name, sha256, previous, System.nanoTime());
  }

  /**
   * The {@code sha256=HEX} after the URL, lower case, or null; anything else after the URL makes
   * the line no URL to request.
   */
  private static String checksum(String[] words) throws RequestUrl.Invalid {
    String sha256 = null;
    for (int i = 1; i < words.length; i++) {
      String word = words[i];
      if (!word.regionMatches(true, 0, "sha256=", 0, 7)) {
        throw new RequestUrl.Invalid(
            ErrorCode.MALFORMED_URL,
            "'" + word + "' after the URL: a line is a URL, then sha256=HEX if you like");
      }
      String hex = word.substring(7).toLowerCase(java.util.Locale.ROOT);
      if (!hex.matches("[0-9a-f]{64}")) {
        throw new RequestUrl.Invalid(ErrorCode.BAD_CHECKSUM, "sha256= takes 64 hex digits");
      }
      sha256 = hex;
    }
    return sha256;
  }

  private static boolean hasWhitespace(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (Character.isWhitespace(text.charAt(i))) {
        return true;
      }
    }
    return false;
  }
}
