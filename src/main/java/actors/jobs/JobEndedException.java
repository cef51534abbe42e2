package actors.jobs;

/** A cancel of a job that has ended already: a 409 at the edge. */
public final class JobEndedException extends RuntimeException {
  JobEndedException(String message) {
    super(message, null, false, false);
  }
}
