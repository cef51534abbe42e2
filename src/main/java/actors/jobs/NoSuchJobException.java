package actors.jobs;

/** A request for a job that does not exist: a 404 at the edge. */
public final class NoSuchJobException extends RuntimeException {
  NoSuchJobException(String message) {
    super(message, null, false, false);
  }
}
