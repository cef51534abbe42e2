package actors.app;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** A process for {@link FatalErrorIT}: Main's fatal-error handling, then an error in a thread. */
final class FatalErrorProbe {

  private FatalErrorProbe() {}

  public static void main(String[] args) throws InterruptedException {
    Main.exitOnFatalErrors();
    Thread worker =
        new Thread(
            () -> {
              throw new OutOfMemoryError("probe");
            },
            "worker");
    worker.start();
    // A main thread that would wait for minutes: the process must not.
    new CountDownLatch(1).await(5, TimeUnit.MINUTES);
  }
}
