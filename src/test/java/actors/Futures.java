package actors;

import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/** For tests at the edge of a stream: wait for a result, but never forever. */
public final class Futures {

  private Futures() {}

  /** A deadline for a loaded 2-core machine, not a speed target. */
  public static final long DEADLINE_SECONDS = 10;

  /** The stage's result, or an exception if it failed or took longer than the deadline. */
  public static <T> T await(CompletionStage<T> stage) throws Exception {
    return stage.toCompletableFuture().get(DEADLINE_SECONDS, TimeUnit.SECONDS);
  }
}
