package actors.pipeline;

import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.stream.Materializer;

/**
 * What one run's downloads share (settings, cancellation, the observer, the HTTP client and the
 * retry policy), and the download of one {@link Job} with them: a slot taken, attempts until the
 * retry policy is done, the slot given back, one {@link Outcome}. A download never fails its stage:
 * even a bug of ours becomes that line's {@code internal-error}, not the end of the run.
 */
final class Run {

  /** An outcome on its way to the manifest: how long it waited for a slot, when it finished. */
  record Done(Outcome outcome, long slotWaitNanos, long finishedNanos) {}

  private final Cancellation cancellation;
  private final ActorRef<PipelineEvent> events;
  private final Fetcher fetcher;
  private final RetryPolicy retries;
  private final RateLimit limit;
  private final Set<String> partials;
  private final PipelineSettings settings;

  Run(
      ActorSystem<?> system,
      PipelineSettings settings,
      OutputDir output,
      Set<String> partials,
      Cancellation cancellation,
      ActorRef<PipelineEvent> events) {
    this.partials = partials;
    this.settings = settings;
    this.cancellation = cancellation;
    this.events = events;
    this.limit =
        RateLimit.of(
            settings.limitRate(), settings.parallelism(), Materializer.matFromSystem(system));
    this.fetcher = new Fetcher(system, settings, output, cancellation, limit);
    this.retries = new RetryPolicy(system, settings, cancellation);
  }

  ActorRef<PipelineEvent> events() {
    return events;
  }

  /** Ends what the run's downloads share beyond it (the rate limit's stream). */
  void stop() {
    limit.stop();
  }

  /** Downloads {@code job}, or says it was cancelled before it started. */
  CompletionStage<Done> download(Job job) {
    long start = System.nanoTime();
    long slotWait = start - job.readyNanos();
    String url = job.url().display();
    if (cancellation.isCancelled()) {
      return CompletableFuture.completedFuture(
          new Done(Outcome.cancelledBeforeStart(job.line(), url), slotWait, start));
    }
    events.tell(new PipelineEvent.Started(url));
    Trace.debug(url, "started after waiting {} ms for a slot", slotWait / 1_000_000);
    CompletionStage<RetryPolicy.Result> result;
    Continuation continuation =
        new Continuation(settings.continuePartials() && partials.contains(job.url().fileName()));
    try {
      result =
          retries.run(
              url,
              () ->
                  fetcher.fetch(
                      job,
                      continuation,
                      received ->
                          events.tell(
                              new PipelineEvent.Received(
                                  url, received.bytes(), received.length()))));
    } catch (RuntimeException bug) {
      result = CompletableFuture.failedFuture(bug);
    }
    return result.handle(
        (done, failure) -> {
          long end = System.nanoTime();
          events.tell(new PipelineEvent.Ended(url));
          return new Done(outcome(job, done, failure, (end - start) / 1_000_000), slotWait, end);
        });
  }

  private static Outcome outcome(Job job, RetryPolicy.Result done, Throwable failure, long ms) {
    String url = job.url().display();
    if (failure != null) {
      Trace.bug(url, "a download failed outside its attempts", failure);
      return Outcome.failed(
          job.line(), url, Failure.of(ErrorCode.INTERNAL_ERROR, String.valueOf(failure)), 1, ms);
    }
    Fetcher.Attempt last = done.last();
    if (last.ok() && last.written().httpStatus() == 304) {
      return Outcome.notModified(job.line(), job.previous(), done.attempts(), ms);
    }
    return last.ok()
        ? Outcome.downloaded(job.line(), url, last.written(), done.attempts(), ms)
        : Outcome.failed(job.line(), url, last.failure(), done.attempts(), ms);
  }
}
