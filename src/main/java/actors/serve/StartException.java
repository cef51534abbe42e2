package actors.serve;

/**
 * The service cannot start: one line saying what and why ({@code the database at jdbc:... cannot be
 * opened: ...}), for the command to print before it exits 2. Nothing has been served yet.
 */
public final class StartException extends RuntimeException {

  StartException(String message, Throwable cause) {
    super(message, cause, false, false);
  }

  StartException(String message) {
    super(message, null, false, false);
  }
}
