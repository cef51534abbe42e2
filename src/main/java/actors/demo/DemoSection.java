package actors.demo;

/**
 * One section of {@code actors demo}: one concurrency pattern, run for real and narrated on stdout.
 * A new capability adds a section and registers it in {@code DemoCommand}.
 */
public abstract class DemoSection {

  private final String title;
  private final String replaces;

  /**
   * A section headed {@code title} (such as {@code "Spawn and join"}), replacing the Go and Rust
   * constructs named in {@code replaces}, one short line.
   */
  protected DemoSection(String title, String replaces) {
    this.title = title;
    this.replaces = replaces;
  }

  /** The heading. */
  public final String title() {
    return title;
  }

  /** The Go and Rust constructs this section replaces. */
  public final String replaces() {
    return replaces;
  }

  /** Runs the section; throws to report that it did not do what it should. */
  public abstract void run(DemoContext demo) throws Exception;
}
