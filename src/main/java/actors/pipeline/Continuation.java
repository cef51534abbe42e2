package actors.pipeline;

/**
 * Whether one download may have a partial body to continue ({@link Partials}): known at the start
 * of a run for the partials kept by earlier runs, and set by an attempt that keeps one, for the
 * next. Shared by one download's attempts only, which run one after another (on different threads,
 * hence volatile); it saves every other download a look at the disk.
 */
final class Continuation {

  private volatile boolean maybe;

  Continuation(boolean maybe) {
    this.maybe = maybe;
  }

  boolean maybe() {
    return maybe;
  }

  void kept() {
    maybe = true;
  }

  void forgotten() {
    maybe = false;
  }
}
