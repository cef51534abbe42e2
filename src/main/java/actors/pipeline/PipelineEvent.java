package actors.pipeline;

/** What the pipeline tells an observer (progress, a demo): a download started, a line finished. */
public sealed interface PipelineEvent {

  /** A request for {@code url} took a download slot. */
  record Started(String url) implements PipelineEvent {}

  /** The request for {@code url} gave its download slot back (whatever the outcome). */
  record Ended(String url) implements PipelineEvent {}

  /** A line is done: downloaded, failed, skipped, invalid, ... */
  record Finished(Outcome outcome) implements PipelineEvent {}
}
