package actors.pipeline;

import actors.support.Stages;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.pattern.Patterns;
import org.apache.pekko.stream.IOResult;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.OverflowStrategy;
import org.apache.pekko.stream.javadsl.FileIO;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The chapter's pipeline, for real: URL lines → validation → bounded buffer → at most {@code
 * parallelism} downloads in flight, each attempt with a timeout, retried with exponential backoff
 * and jitter ({@code Patterns.retry}) → bodies streamed to disk → one manifest line per input line.
 *
 * <p>Memory is bounded by the settings, not by the input: lines are streamed, the buffer holds
 * {@code buffer} jobs, at most {@code parallelism} bodies are in flight and none is held whole.
 * Duplicate detection keeps a 16-byte fingerprint per distinct URL ({@link SeenUrls}), and resume
 * keeps the previous run's completed URLs: those two grow with the input, slowly.
 *
 * <p>Resume: a URL whose line in the previous manifest is {@code ok} and whose file is still there
 * with the recorded size is {@code skipped}, without a request.
 *
 * <p>Cancellation ({@link Running#cancel}) aborts every body in flight and stops new requests; the
 * lines not yet downloaded still get their manifest line ({@code cancelled}), so the manifest
 * always has exactly one line per input URL line, and the run's stage completes only once it is
 * written.
 */
public final class Pipeline {

  private Pipeline() {}

  /** Where the bodies and the manifest go. */
  public record Output(Path dir, Path manifest) {
    /** Temporary files live here until complete; what a killed run left is removed on start. */
    public Path partialDir() {
      return dir.resolve(".actors-partial");
    }
  }

  /** A run in progress. */
  public record Running(CompletionStage<Summary> done, Cancellation cancellation) {
    /** Cancels the run; {@link #done} completes once the manifest is complete. */
    public void cancel(String reason) {
      cancellation.cancel(reason);
    }
  }

  private record Job(InputLine line, URI url, String fileName, long readyNanos) {}

  /** An outcome on its way to the manifest: how long it waited for a slot, when it finished. */
  private record Done(Outcome outcome, long slotWaitNanos, long finishedNanos) {}

  /** An outcome the manifest takes, with both waits measured for the summary. */
  record Recorded(Outcome outcome, long slotWaitNanos, long storeWaitNanos) {}

  private record Try(Job job, int attempt, Duration delay) {}

  private record Tried(Try attempt, Fetcher.Attempt result) {}

  /** Starts downloading every URL of {@code lines} into {@code output}. */
  public static Running start(
      ActorSystem<?> system, Source<InputLine, ?> lines, PipelineSettings settings, Output output) {
    return start(system, lines, settings, output, system.ignoreRef());
  }

  /** The same, telling {@code events} when a download starts and when each line is done. */
  public static Running start(
      ActorSystem<?> system,
      Source<InputLine, ?> lines,
      PipelineSettings settings,
      Output output,
      ActorRef<PipelineEvent> events) {
    prepare(output);
    Resume resume = Resume.read(output.manifest(), output.dir());
    Cancellation cancellation = new Cancellation();
    Fetcher fetcher =
        new Fetcher(system, settings, output.dir(), output.partialDir(), cancellation);
    Materializer materializer = Materializer.matFromSystem(system);

    Pair<CompletionStage<Summary>, CompletionStage<IOResult>> run =
        lines
            .statefulMap(
                SeenUrls::new,
                (seen, line) -> Pair.create(seen, validate(line, seen, resume)),
                seen -> Optional.empty())
            .buffer(settings.buffer(), OverflowStrategy.backpressure())
            .mapAsyncUnordered(
                settings.parallelism(),
                item ->
                    item instanceof Job job
                        ? download(job, system, fetcher, settings, cancellation, events)
                        : CompletableFuture.completedFuture(
                            new Done((Outcome) item, 0, System.nanoTime())))
            .map(done -> recorded(done, events))
            .alsoToMat(Sink.fold(new Summary(), Summary::add), Keep.right())
            .map(recorded -> ByteString.fromString(recorded.outcome().toJson() + "\n"))
            .toMat(
                FileIO.toPath(
                    output.manifest(),
                    Set.of(
                        StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE,
                        StandardOpenOption.TRUNCATE_EXISTING)),
                Keep.both())
            .run(materializer);
    CompletionStage<Summary> done =
        Stages.plain(run.first())
            .thenCombine(Stages.plain(run.second()), (summary, io) -> summary)
            .whenComplete((summary, failure) -> removePartialDir(output));
    return new Running(done, cancellation);
  }

  /** A Job to download, or the Outcome of a line that will not be downloaded. */
  private static Object validate(InputLine line, SeenUrls seen, Resume resume) {
    URI url;
    try {
      url = new URI(line.text());
    } catch (URISyntaxException e) {
      return Outcome.without(
          line, Outcome.Status.INVALID, "malformed-url (line " + line.number() + ")");
    }
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      return Outcome.without(
          line, Outcome.Status.INVALID, "unsupported-scheme (line " + line.number() + ")");
    }
    if (url.getHost() == null) {
      return Outcome.without(line, Outcome.Status.INVALID, "no-host (line " + line.number() + ")");
    }
    URI normalized = url.normalize();
    if (!seen.add(normalized.toString())) {
      return Outcome.without(line, Outcome.Status.DUPLICATE, null);
    }
    Optional<Resume.Done> done = resume.of(line.text());
    if (done.isPresent()) {
      Resume.Done previous = done.get();
      return new Outcome(
          line.number(),
          line.text(),
          Outcome.Status.SKIPPED,
          previous.file(),
          previous.bytes(),
          previous.sha256(),
          0,
          null,
          null,
          0);
    }
    trace(line.text(), "queued (line {})", line.number());
    return new Job(line, normalized, SafeNames.forUrl(normalized), System.nanoTime());
  }

  /** The manifest is about to take {@code done}: the time it waited for that is the store wait. */
  private static Recorded recorded(Done done, ActorRef<PipelineEvent> events) {
    long now = System.nanoTime();
    events.tell(new PipelineEvent.Finished(done.outcome()));
    Outcome outcome = done.outcome();
    if (outcome.attempts() > 0) {
      trace(
          outcome.url(),
          "{} after {} attempt(s){}",
          outcome.status().json(),
          outcome.attempts(),
          outcome.error() == null ? "" : ": " + outcome.error());
    }
    return new Recorded(outcome, done.slotWaitNanos(), now - done.finishedNanos());
  }

  private static final Logger log = LoggerFactory.getLogger(Pipeline.class);

  /** A lifecycle line at debug, with the URL in the logging context (MDC key {@code url}). */
  private static void trace(String url, String format, Object... args) {
    if (log.isDebugEnabled()) {
      try (MDC.MDCCloseable ignored = MDC.putCloseable("url", url)) {
        log.debug(format, args);
      }
    }
  }

  private static CompletionStage<Done> download(
      Job job,
      ActorSystem<?> system,
      Fetcher fetcher,
      PipelineSettings settings,
      Cancellation cancellation,
      ActorRef<PipelineEvent> events) {
    long start = System.nanoTime();
    long slotWait = start - job.readyNanos();
    if (cancellation.isCancelled()) {
      return CompletableFuture.completedFuture(
          new Done(
              Outcome.without(job.line(), Outcome.Status.CANCELLED, "cancelled"), slotWait, start));
    }
    events.tell(new PipelineEvent.Started(job.line().text()));
    trace(job.line().text(), "started after waiting {} ms for a slot", slotWait / 1_000_000);
    // Retries: Pekko's Patterns.retry (exponential backoff with jitter) on CompletionStages. Not
    // RetryFlow: it takes one element at a time, so parallel downloads would need a stream
    // materialized per URL, which measured 15% slower on 10,000 small files (docs/BENCHMARKS.md).
    // `next` carries what the decision learned (attempt number, Retry-After) to the next attempt.
    AtomicReference<Try> next = new AtomicReference<>(new Try(job, 1, Duration.ZERO));
    return Stages.plain(
            Patterns.retry(
                () -> attempt(system, fetcher, next.get()),
                (tried, failure) -> {
                  Optional<Try> retry = retryOf(tried.attempt(), tried, settings, cancellation);
                  retry.ifPresent(next::set);
                  return retry.isPresent();
                },
                settings.retries(),
                settings.backoffMin(),
                settings.backoffMax(),
                settings.backoffRandomFactor(),
                system.classicSystem()))
        .thenApply(
            tried -> {
              long end = System.nanoTime();
              events.tell(new PipelineEvent.Ended(job.line().text()));
              return new Done(outcome(tried, (end - start) / 1_000_000), slotWait, end);
            });
  }

  private static CompletionStage<Tried> attempt(
      ActorSystem<?> system, Fetcher fetcher, Try attempt) {
    Job job = attempt.job();
    trace(job.line().text(), "attempt {}", attempt.attempt());
    if (attempt.delay().isZero()) {
      return fetcher
          .fetch(job.url(), job.fileName())
          .thenApply(result -> new Tried(attempt, result));
    }
    // Retry-After asked for a wait: take it before this attempt, on top of the backoff.
    return Stages.plain(
        Patterns.after(
            attempt.delay(),
            system.classicSystem().scheduler(),
            system.executionContext(),
            () ->
                fetcher
                    .fetch(job.url(), job.fileName())
                    .thenApply(result -> new Tried(attempt, result))));
  }

  private static Optional<Try> retryOf(
      Try attempt, Tried tried, PipelineSettings settings, Cancellation cancellation) {
    Failures.Reason failure = tried.result().failure();
    if (failure == null || !failure.retryable() || cancellation.isCancelled()) {
      return Optional.empty();
    }
    Duration wait =
        failure
            .retryAfter()
            .map(
                after -> after.compareTo(settings.backoffMax()) > 0 ? settings.backoffMax() : after)
            .orElse(Duration.ZERO);
    trace(
        attempt.job().line().text(),
        "retry scheduled after {}: backoff from {} ms{}",
        failure.code(),
        settings.backoffMin().toMillis(),
        wait.isZero() ? "" : ", then Retry-After " + wait.toMillis() + " ms");
    return Optional.of(new Try(attempt.job(), attempt.attempt() + 1, wait));
  }

  private static Outcome outcome(Tried tried, long millis) {
    Job job = tried.attempt().job();
    Fetcher.Attempt result = tried.result();
    Outcome.Status status =
        result.ok()
            ? Outcome.Status.OK
            : result.failure().cancelled() ? Outcome.Status.CANCELLED : Outcome.Status.FAILED;
    return new Outcome(
        job.line().number(),
        job.line().text(),
        status,
        result.ok() ? job.fileName() : null,
        result.bytes(),
        result.sha256(),
        tried.attempt().attempt(),
        result.httpStatus(),
        result.ok() ? null : result.failure().code(),
        millis);
  }

  private static void prepare(Output output) {
    try {
      Files.createDirectories(output.dir());
      Path partial = output.partialDir();
      if (Files.isDirectory(partial)) {
        try (Stream<Path> leftovers = Files.list(partial)) {
          for (Path leftover : (Iterable<Path>) leftovers::iterator) {
            Files.deleteIfExists(leftover);
          }
        }
      }
      Files.createDirectories(partial);
      Path manifestDir = output.manifest().toAbsolutePath().getParent();
      if (manifestDir != null) {
        Files.createDirectories(manifestDir);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare the output directory " + output.dir(), e);
    }
  }

  private static void removePartialDir(Output output) {
    try {
      Files.deleteIfExists(output.partialDir());
    } catch (IOException ignored) {
      // Not empty: a body being deleted concurrently; the next run cleans up.
    }
  }
}
