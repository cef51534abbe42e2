package actors.demo;

import actors.blocking.Digests;
import actors.blocking.Offloader;
import actors.counter.Counter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.pattern.StatusReply;

/**
 * Demo: hash a buffer (CPU) and a file (blocking IO) on the blocking dispatcher while an actor on
 * the default dispatcher keeps answering.
 */
public final class BlockingDemo extends DemoSection {

  private static final int SIZE = 64 * 1024 * 1024;

  public BlockingDemo() {
    super(
        "Blocking and CPU work on their own dispatcher",
        "Rust: tokio::task::spawn_blocking, rayon | Go: the runtime parks blocked goroutines");
  }

  @Override
  public void run(DemoContext demo) throws Exception {
    ActorRef<Offloader.Command> offloader = demo.spawn(Offloader.create(), "offloader");
    ActorRef<Counter.Command> counter = demo.spawn(Counter.create(), "responsive-counter");

    byte[] buffer = new byte[SIZE];
    new Random(42).nextBytes(buffer);
    Path file = Files.createTempFile("actors-demo-", ".bin");
    try {
      Files.write(file, buffer);
      CompletionStage<StatusReply<String>> bufferHash =
          demo.askLater(offloader, replyTo -> new Offloader.Run<>(() -> hash(buffer), replyTo));
      CompletionStage<StatusReply<String>> fileHash =
          demo.askLater(offloader, replyTo -> new Offloader.Run<>(() -> hash(file), replyTo));

      long asked = System.nanoTime();
      demo.ask(counter, Counter.Get::new);
      long answeredMicros = (System.nanoTime() - asked) / 1000;

      demo.say("sha256(64 MiB buffer) = %s", demo.await(bufferHash).getValue());
      demo.say("sha256(64 MiB file)   = %s", demo.await(fileHash).getValue());
      demo.say("meanwhile an actor on the default dispatcher answered in %d us", answeredMicros);
    } finally {
      Files.deleteIfExists(file);
    }
  }

  private static String hash(byte[] data) {
    return shortly(Digests.sha256(data));
  }

  private static String hash(Path file) throws IOException {
    return shortly(Digests.sha256(file));
  }

  /** The digest's start and the thread that computed it, which is the point of the demo. */
  private static String shortly(String digest) {
    return digest.substring(0, 16) + "... on thread " + Thread.currentThread().getName();
  }
}
