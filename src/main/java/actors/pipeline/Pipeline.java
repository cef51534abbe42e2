package actors.pipeline;

import actors.support.Stages;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.OverflowStrategy;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;

/**
 * The download pipeline, Go's worker pool or Rust's {@code buffer_unordered(64)} as one stream: URL
 * lines → checks ({@link LineCheck}) → a bounded buffer → at most {@code parallelism} downloads in
 * flight ({@link Run}) → one manifest line per input line ({@link ManifestWriter}).
 *
 * <p>Memory is bounded by the settings, not by the input: lines are streamed, the buffer holds
 * {@code buffer} jobs, at most {@code parallelism} bodies are in flight, each with a bounded
 * buffer. Duplicate detection keeps a 16-byte fingerprint per distinct URL ({@link SeenUrls}), and
 * resume keeps the completed URLs of earlier runs: those two grow with the input, slowly.
 *
 * <p>Contract: every input line gets exactly one outcome, whatever happens to the others; no URL,
 * server or disk error ends the run. Cancellation ({@link Running#cancel}) aborts every body in
 * flight and starts no request; the lines not downloaded yet get their {@code cancelled} line, so
 * the run's stage completes only once the manifest has one line per input line and is in place.
 * Until then the previous manifest stays as it was. Completed downloads are known to later runs
 * into the same directory ({@link Index}), whatever those runs' input.
 */
public final class Pipeline {

  private Pipeline() {}

  /** A run in progress. */
  public record Running(CompletionStage<Summary> done, Cancellation cancellation) {
    /** Cancels the run; {@link #done} completes once the manifest is complete. */
    public void cancel(String reason) {
      cancellation.cancel(reason);
    }
  }

  /** An outcome the manifest takes, with both waits measured for the summary. */
  record Recorded(Outcome outcome, long slotWaitNanos, long storeWaitNanos) {
    /** Not a line: injected when none has ended for {@link #FLUSH_WHEN_IDLE}. */
    static final Recorded FLUSH = new Recorded(null, 0, 0);
  }

  /** How long no line may end before the manifest's buffered lines are written out. */
  static final java.time.Duration FLUSH_WHEN_IDLE = java.time.Duration.ofMillis(200);

  /** Starts downloading every URL of {@code lines} into {@code output}. */
  public static Running start(
      ActorSystem<?> system,
      Source<InputLine, ?> lines,
      PipelineSettings settings,
      OutputDir output) {
    return start(system, lines, settings, output, system.ignoreRef(), new Cancellation());
  }

  /**
   * The same, telling {@code events} when a download starts and when each line is done, and
   * stopping when {@code cancellation} is cancelled (also if it already is).
   *
   * @throws OutputException if the output directory cannot be prepared (the previous manifest and
   *     the index's complete lines are as they were)
   */
  public static Running start(
      ActorSystem<?> system,
      Source<InputLine, ?> lines,
      PipelineSettings settings,
      OutputDir output,
      ActorRef<PipelineEvent> events,
      Cancellation cancellation) {
    Resume resume;
    ManifestWriter writer;
    Index index = null;
    Set<String> partials;
    try {
      partials = Partials.clean(output, settings.continuePartials(), settings.partialMaxAge());
      resume = Resume.read(output);
      Optional<String> overwritten = resume.urlOfBody(output.manifest(), output.dir());
      if (overwritten.isPresent()) {
        throw new OutputException(
            output.manifest(), "is the body of " + overwritten.get() + ": name another manifest");
      }
      index = Index.open(output);
      if (resume.indexWorthRewriting()) {
        index.rewrite(resume.indexed());
      }
      writer =
          ManifestWriter.open(
              output, resume, index, () -> cancellation.cancel("the manifest cannot be written"));
    } catch (IOException e) {
      closeQuietly(index);
      throw new OutputException(
          e instanceof FileSystemException fs && fs.getFile() != null
              ? Path.of(fs.getFile())
              : output.dir(),
          e);
    }
    Run run = new Run(system, settings, output, partials, cancellation, events);
    Executor blocking = system.dispatchers().lookup(DispatcherSelector.blocking());
    CompletionStage<Summary> folded =
        lines
            .statefulMap(
                () -> new LineCheck(resume, settings.revalidate(), settings.names()),
                (check, line) -> Pair.create(check, check.check(line)),
                check -> Optional.empty())
            .buffer(settings.buffer(), OverflowStrategy.backpressure())
            .mapAsyncUnordered(
                settings.parallelism(),
                line ->
                    line instanceof Job job
                        ? run.download(job)
                        : CompletableFuture.completedFuture(
                            new Run.Done((Outcome) line, 0, System.nanoTime())))
            .map(done -> recorded(done, run))
            .keepAlive(FLUSH_WHEN_IDLE, () -> Recorded.FLUSH)
            .runWith(
                Sink.fold(
                        new Summary(),
                        (Summary summary, Recorded recorded) -> {
                          if (recorded == Recorded.FLUSH) {
                            writer.flush();
                            return summary;
                          }
                          writer.write(recorded.outcome());
                          return summary.add(recorded);
                        })
                    .async(ManifestWriter.DISPATCHER),
                Materializer.matFromSystem(system));
    CompletionStage<Summary> done =
        Stages.plain(folded)
            .handleAsync(
                (summary, failure) -> {
                  if (failure != null) { // the input could not be read, say: stop what runs
                    cancellation.cancel("the run failed: " + Stages.cause(failure));
                    writer.abandon();
                    throw failure instanceof CompletionException wrapped
                        ? wrapped
                        : new CompletionException(failure);
                  }
                  return summary.problem(writer.finish());
                },
                blocking)
            .whenComplete(
                (summary, failure) -> {
                  run.stop();
                  output.removePartialDir();
                });
    return new Running(done, cancellation);
  }

  private static void closeQuietly(Index index) {
    try {
      if (index != null) {
        index.close();
      }
    } catch (IOException ignored) {
      // Setup failed already: that failure is the one to report.
    }
  }

  /** The manifest is about to take {@code done}: the time it waited for that is the store wait. */
  private static Recorded recorded(Run.Done done, Run run) {
    long now = System.nanoTime();
    Outcome outcome = done.outcome();
    run.events().tell(new PipelineEvent.Finished(outcome));
    if (outcome.attempts() > 0) {
      Trace.debug(
          outcome.url(),
          "{} after {} attempt(s){}",
          outcome.status().json(),
          outcome.attempts(),
          outcome.error() == null ? "" : ": " + outcome.error());
    }
    return new Recorded(outcome, done.slotWaitNanos(), now - done.finishedNanos());
  }
}
