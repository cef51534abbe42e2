package actors.support;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Taking a {@link CompletionStage} from Pekko's Java API into plain {@link CompletableFuture}s.
 *
 * <p>Why: Pekko's stages are Scala futures converted by {@code scala.jdk.FutureConverters}, and
 * their non-async combinators ({@code thenApply}, {@code whenComplete}, ...) run the callback on
 * the JDK's default async executor. On a machine with 2 cores the common pool's parallelism is 1,
 * so the JDK then starts a new thread for every callback (docs/BENCHMARKS.md has what that cost the
 * downloader). {@link #plain} completes an ordinary CompletableFuture on the thread that completes
 * Pekko's stage (a Pekko dispatcher thread), where composing is cheap. Callbacks composed on it
 * must stay short; anything blocking takes an explicit executor.
 */
public final class Stages {

  private Stages() {}

  /**
   * What failed: the cause inside the {@link java.util.concurrent.CompletionException} that a
   * composed stage wraps a failure in, or {@code failure} itself.
   */
  public static Throwable cause(Throwable failure) {
    return failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
        ? failure.getCause()
        : failure;
  }

  /** A CompletableFuture completed as {@code stage} is, on the completing thread. */
  public static <T> CompletableFuture<T> plain(CompletionStage<T> stage) {
    CompletableFuture<T> plain = new CompletableFuture<>();
    stage.whenCompleteAsync(
        (value, failure) -> {
          if (failure != null) {
            plain.completeExceptionally(failure);
          } else {
            plain.complete(value);
          }
        },
        Runnable::run);
    return plain;
  }
}
