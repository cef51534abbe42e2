package actors.pipeline;

/**
 * What the pipeline tells an observer (progress, a demo): a download started, bytes arrived, a line
 * finished.
 */
public sealed interface PipelineEvent {

  /** A request for {@code url} took a download slot. */
  record Started(String url) implements PipelineEvent {}

  /**
   * A streamed body of {@code url} has {@code bytes} so far, of {@code length} (-1: not known).
   * Sent each time a body passes another {@link #RECEIVED_EVERY} bytes, so that a large file shows
   * progress before it ends; a body that ends first is told by its {@link Finished} only.
   */
  record Received(String url, long bytes, long length) implements PipelineEvent {}

  /** How many bytes of a body between two {@link Received} events. */
  long RECEIVED_EVERY = 1 << 20;

  /** The request for {@code url} gave its download slot back (whatever the outcome). */
  record Ended(String url) implements PipelineEvent {}

  /** A line is done: downloaded, failed, skipped, invalid, ... */
  record Finished(Outcome outcome) implements PipelineEvent {}
}
