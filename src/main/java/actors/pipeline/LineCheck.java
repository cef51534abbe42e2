package actors.pipeline;

/**
 * The checks an input line passes before it may take a download slot, in order: readable, a URL to
 * request ({@link RequestUrl}), not named by an earlier line ({@link SeenUrls}), not completed by
 * an earlier run ({@link Resume}). Owned by one stream stage ({@code statefulMap}), with its state.
 */
final class LineCheck {

  private final SeenUrls seen = new SeenUrls();
  private final Resume resume;

  LineCheck(Resume resume) {
    this.resume = resume;
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
    try {
      url = RequestUrl.parse(line.text());
    } catch (RequestUrl.Invalid invalid) {
      String masked = RequestUrl.masked(line.text());
      String detail = String.valueOf(invalid.getMessage()).replace(line.text(), masked);
      Trace.debug(masked, "invalid (line {}): {}", line.number(), detail);
      return Outcome.invalid(line, masked, invalid.code);
    }
    if (!seen.add(url.fingerprint())) {
      return Outcome.duplicate(line, url.display());
    }
    var previous = resume.of(url.display());
    if (previous.isPresent()) {
      return Outcome.skipped(line, previous.get());
    }
    Trace.debug(url.display(), "queued (line {})", line.number());
    return new Job(line, url, url.fileName(), System.nanoTime());
  }
}
