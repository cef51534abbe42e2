package actors.app;

import actors.pipeline.Outcome;
import actors.pipeline.PipelineEvent;
import actors.pipeline.Summary;
import java.io.PrintStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * Progress of {@code actors download}, for people: counts {@link PipelineEvent}s and, every {@code
 * interval}, shows done (out of the total, when it is known), in flight, bytes/s (bytes as they
 * arrive, large bodies included), retries and failures, the rate limit if there is one, and an ETA
 * once the size of what is left is known: every line started, every body in flight of a known
 * length. On a terminal the line is redrawn in place ({@code \r}); otherwise ({@code live = false})
 * it is logged as a plain line. Also keeps how many requests were in flight, at most and on average
 * over time, for the summary ({@link GetStats}).
 *
 * <p>It only listens: the pipeline never waits for it, and it never slows the pipeline down.
 */
final class ProgressDisplay extends AbstractBehavior<ProgressDisplay.Command> {

  /** The progress protocol: pipeline events, and a question for the final stats. */
  public sealed interface Command {}

  private record Event(PipelineEvent event) implements Command {}

  private enum Tick implements Command {
    INSTANCE
  }

  /** Replies with the address to give the pipeline for its events. */
  public record GetListener(ActorRef<ActorRef<PipelineEvent>> replyTo) implements Command {}

  /** Replies with the in-flight statistics; stops drawing (the summary comes next). */
  public record GetStats(ActorRef<Summary.InFlight> replyTo) implements Command {}

  /**
   * A progress display on {@code out} every {@code interval}; {@code events} is the reference to
   * pass to the pipeline.
   */
  public static Behavior<Command> create(
      PrintStream out,
      boolean live,
      boolean quiet,
      Duration interval,
      OptionalLong total,
      long limitRate) {
    return Behaviors.setup(
        context -> {
          // Logged under this class's name, not Pekko's behavior wrapper's: logback.xml shows
          // actors.* at INFO, and org.apache.pekko.* only from WARN.
          context.setLoggerName(ProgressDisplay.class);
          return Behaviors.withTimers(
              timers ->
                  new ProgressDisplay(
                      context, timers, out, live, quiet, interval, total, limitRate));
        });
  }

  private final PrintStream out;
  private final boolean live;
  private final boolean quiet;
  private final OptionalLong total;
  private final long limitRate;
  private final long startNanos = System.nanoTime();

  /** Bodies in flight that have told their progress: bytes so far and length (-1: unknown). */
  private final Map<String, long[]> receiving = new HashMap<>();

  private long done;
  private long failed;
  private long retries;
  private long bytes;
  private int inFlight;
  private int maxInFlight;
  private long lastChangeNanos = startNanos;
  private double inFlightArea;
  private boolean drawn;

  private ProgressDisplay(
      ActorContext<Command> context,
      TimerScheduler<Command> timers,
      PrintStream out,
      boolean live,
      boolean quiet,
      Duration interval,
      OptionalLong total,
      long limitRate) {
    super(context);
    this.total = total;
    this.limitRate = limitRate;
    this.out = out;
    this.live = live;
    this.quiet = quiet;
    timers.startTimerWithFixedDelay(Tick.INSTANCE, interval);
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Event.class, this::onEvent)
        .onMessageEquals(Tick.INSTANCE, this::onTick)
        .onMessage(GetStats.class, this::onGetStats)
        .onMessage(GetListener.class, this::onGetListener)
        .build();
  }

  private Behavior<Command> onGetListener(GetListener get) {
    get.replyTo().tell(getContext().messageAdapter(PipelineEvent.class, Event::new));
    return this;
  }

  private Behavior<Command> onEvent(Event wrapped) {
    if (wrapped.event() instanceof PipelineEvent.Started) {
      changeInFlight(+1);
      maxInFlight = Math.max(maxInFlight, inFlight);
    } else if (wrapped.event() instanceof PipelineEvent.Received received) {
      receiving.put(received.url(), new long[] {received.bytes(), received.length()});
    } else if (wrapped.event() instanceof PipelineEvent.Ended) {
      changeInFlight(-1);
    } else if (wrapped.event() instanceof PipelineEvent.Finished finished) {
      Outcome outcome = finished.outcome();
      receiving.remove(outcome.url()); // its bytes are counted below, if it is a body
      done++;
      bytes += outcome.status() == Outcome.Status.OK ? outcome.bytes() : 0;
      retries += Math.max(0, outcome.attempts() - 1);
      if (outcome.status() == Outcome.Status.FAILED || outcome.status() == Outcome.Status.INVALID) {
        failed++;
      }
    }
    return this;
  }

  /** Keeps the time-weighted sum of in-flight requests, for the mean. */
  private void changeInFlight(int delta) {
    long now = System.nanoTime();
    inFlightArea += (double) inFlight * (now - lastChangeNanos);
    lastChangeNanos = now;
    inFlight += delta;
  }

  private Behavior<Command> onTick() {
    if (!quiet) {
      double seconds = Math.max(1e-3, (System.nanoTime() - startNanos) / 1e9);
      long arriving = 0;
      long left = 0;
      boolean sized = total.isPresent() && done + inFlight >= total.getAsLong();
      for (long[] body : receiving.values()) {
        arriving += body[0];
        left += Math.max(0, body[1] - body[0]);
        sized &= body[1] >= 0;
      }
      sized &= receiving.size() == inFlight; // a body that has not told its length yet
      double rate = (bytes + arriving) / seconds;
      String line =
          String.format(
              "%s done, %d in flight, %.1f MB/s%s, %d retries, %d failed%s",
              total.isPresent() ? done + "/" + total.getAsLong() : Long.toString(done),
              inFlight,
              rate / 1e6,
              limitRate > 0 ? String.format(" (limit %.1f MB/s)", limitRate / 1e6) : "",
              retries,
              failed,
              sized && rate > 0 && left > 0 ? ", ETA " + eta(left / rate) : "");
      if (live) {
        out.print("\r" + line + "   ");
        out.flush();
        drawn = true;
      } else {
        getContext().getLog().info("progress: {}", line);
      }
    }
    return this;
  }

  /** {@code 42s}, {@code 3m05s}, {@code 2h10m}. */
  static String eta(double seconds) {
    long s = Math.round(seconds);
    if (s < 60) {
      return s + "s";
    }
    if (s < 3600) {
      return String.format("%dm%02ds", s / 60, s % 60);
    }
    return String.format("%dh%02dm", s / 3600, s % 3600 / 60);
  }

  private Behavior<Command> onGetStats(GetStats get) {
    if (drawn) {
      out.print("\r");
      out.flush();
    }
    changeInFlight(0);
    double elapsed = Math.max(1, lastChangeNanos - startNanos);
    double mean = inFlightArea / elapsed;
    get.replyTo().tell(new Summary.InFlight(maxInFlight, mean));
    return Behaviors.stopped();
  }
}
