package actors.support;

/**
 * A setting outside its range. Names the configuration key ({@code actors.pipeline.timeout}), so
 * whoever set it — a config file, a command-line option, a JSON request — can be told which one.
 */
public final class InvalidSettingException extends IllegalArgumentException {

  private final String key;
  private final String problem;

  /** {@code key} is the full config path; {@code problem} says what is wrong, without the key. */
  public InvalidSettingException(String key, String problem) {
    super(key + " " + problem);
    this.key = key;
    this.problem = problem;
  }

  /** The full config path, such as {@code actors.pipeline.timeout}. */
  public String key() {
    return key;
  }

  /** What is wrong, such as {@code must be between 1ms and 30d, got 0s}. */
  public String problem() {
    return problem;
  }
}
