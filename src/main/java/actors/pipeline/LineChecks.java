package actors.pipeline;

import java.util.Optional;

/**
 * The checks a line passes before it is downloaded (a readable line, a URL to request, not named by
 * an earlier line), for code that hands the downloads out itself: a job spread over a cluster
 * checks its whole list once, where all of it is, and sends only the lines to download to the nodes
 * (each of which could not tell a duplicate of a line another node has). Stateful, one instance per
 * list, in order; not thread-safe.
 */
public final class LineChecks {

  private final LineCheck check = new LineCheck(Resume.nothing(), false, FileNaming.HASH);

  /** The line's outcome if it is not to be downloaded (invalid, duplicate); empty if it is. */
  public Optional<Outcome> outcomeOf(InputLine line) {
    return check.check(line) instanceof Outcome outcome ? Optional.of(outcome) : Optional.empty();
  }

  /** The outcome of a line never downloaded because its job was cancelled first. */
  public static Outcome cancelledBeforeStart(InputLine line) {
    return Outcome.cancelledBeforeStart(line, RequestUrl.masked(line.text()));
  }
}
