package actors.demo;

/**
 * One section of {@code actors demo}: a pattern of the chapter, run for real and narrated on
 * stdout. A new capability adds a section here and registers it in {@code DemoCommand}.
 */
public interface DemoSection {

  /** A heading, such as {@code "Spawn and join"}. */
  String title();

  /** The Go and Rust constructs this section replaces, one short line. */
  String replaces();

  /** Runs the section; throws to report that it did not do what it should. */
  void run(DemoContext demo) throws Exception;
}
