package actors.bench;

import actors.counter.Counter;
import actors.counter.CounterWorker;
import actors.demo.DemoContext;
import actors.join.JoinGroup;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.Done;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.SpawnProtocol;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A shared counter (Rust's {@code Arc<Mutex>}, Go's {@code sync.Mutex}): 4 workers add 1 each, {@value #PER_WORKER} times, to one shared count.
 * Scores are increments per second. The actor version sends one message per increment (the
 * pattern as taught); the baselines are what a Go or Rust user writes with locks or atomics.
 * The lock-based baselines are here on purpose: they are what the actor version is measured against.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class CounterBench {

  static final int WORKERS = 4;
  static final int PER_WORKER = 250_000;
  static final int BATCH = 10_000;

  ActorSystem<SpawnProtocol.Command> system;
  DemoContext edge;
  int window;
  ActorRef<Counter.Command> counter;

  /** The receiving actor's mailbox: Pekko's default, or {@code actors.single-consumer-mailbox}. */
  @Param({"default", "single-consumer"})
  public String mailbox;

  Props props;

  /**
   * The counter's dispatcher: the default one, or a thread of its own ({@code own}: a {@code
   * PinnedDispatcher}; measured slower on 2 cores, docs/BENCHMARKS.md, issue #15).
   */
  @Param({"default"})
  public String dispatcher;

  @Setup
  public void start() throws Exception {
    system =
        ActorSystem.create(
            SpawnProtocol.create(),
            "bench",
            com.typesafe.config.ConfigFactory.parseString(
                    "own-thread { type = PinnedDispatcher, executor = thread-pool-executor,"
                        + " throughput = 1000 }")
                .withFallback(com.typesafe.config.ConfigFactory.load()));
    edge = new DemoContext(system, System.out, Duration.ofMinutes(2));
    window = system.settings().config().getInt("actors.counter.worker-window");
    props =
        dispatcher.equals("own")
            ? MessagingBench.props(mailbox).withDispatcherFromConfig("own-thread")
            : MessagingBench.props(mailbox);
    // One for the trial: the count accumulates.
    counter = edge.spawn(Counter.create(), "counter", props);
  }

  @TearDown
  public void stop() {
    system.terminate();
    system.getWhenTerminated().toCompletableFuture().join();
  }

  @Benchmark
  @OperationsPerInvocation(WORKERS * PER_WORKER)
  public long actorOneMessagePerIncrement() throws Exception {
    Map<String, Behavior<?>> workers = new LinkedHashMap<>();
    for (int i = 0; i < WORKERS; i++) {
      workers.put("worker-" + i, CounterWorker.create(counter, PER_WORKER, window));
    }
    edge.<JoinGroup.Joined>spawnAndAwait(replyTo -> JoinGroup.create(workers, replyTo), "join");
    return edge.ask(counter, Counter.Get::new);
  }

  /** The same 4 workers, each counting locally and sending one message per {@value #BATCH}. */
  @Benchmark
  @OperationsPerInvocation(WORKERS * PER_WORKER)
  public long actorBatchedWorkers() throws Exception {
    Map<String, Behavior<?>> workers = new LinkedHashMap<>();
    for (int i = 0; i < WORKERS; i++) {
      workers.put("batcher-" + i, CounterWorker.batching(counter, PER_WORKER, BATCH, window));
    }
    edge.<JoinGroup.Joined>spawnAndAwait(replyTo -> JoinGroup.create(workers, replyTo), "join");
    return edge.ask(counter, Counter.Get::new);
  }

  /**
   * The floor under {@link #actorOneMessagePerIncrement}: 4 actors tell {@value #PER_WORKER} copies
   * of one message each to an actor that only counts them. No window, no confirmations, no
   * protocol of ours: what Pekko's message path alone allows for 4 senders and one receiver.
   */
  @Benchmark
  @OperationsPerInvocation(WORKERS * PER_WORKER)
  public Done bareTellFourToOne() throws Exception {
    Object message = new Object();
    return edge.<Done>spawnAndAwait(
        done ->
            Behaviors.<Void>setup(
                context -> {
                  ActorRef<Object> receiver =
                      context.spawn(
                          MessagingBench.<Object>receiver(WORKERS * PER_WORKER, done),
                          "receiver",
                          props);
                  for (int i = 0; i < WORKERS; i++) {
                    context.spawn(
                        Behaviors.setup(
                            sender -> {
                              for (int n = 0; n < PER_WORKER; n++) {
                                receiver.tell(message);
                              }
                              return Behaviors.stopped();
                            }),
                        "sender-" + i);
                  }
                  return Behaviors.empty();
                }),
        "four-to-one");
  }

  @Benchmark
  @OperationsPerInvocation(WORKERS * PER_WORKER)
  public long synchronizedLong() throws InterruptedException {
    Object lock = new Object();
    long[] count = {0};
    return run(
        () -> {
          for (int i = 0; i < PER_WORKER; i++) {
            synchronized (lock) {
              count[0]++;
            }
          }
        },
        () -> count[0]);
  }

  @Benchmark
  @OperationsPerInvocation(WORKERS * PER_WORKER)
  public long atomicLong() throws InterruptedException {
    AtomicLong count = new AtomicLong();
    return run(
        () -> {
          for (int i = 0; i < PER_WORKER; i++) {
            count.incrementAndGet();
          }
        },
        count::get);
  }

  @Benchmark
  @OperationsPerInvocation(WORKERS * PER_WORKER)
  public long longAdder() throws InterruptedException {
    LongAdder count = new LongAdder();
    return run(
        () -> {
          for (int i = 0; i < PER_WORKER; i++) {
            count.increment();
          }
        },
        count::sum);
  }

  private static long run(Runnable worker, java.util.function.LongSupplier total)
      throws InterruptedException {
    Thread[] threads = new Thread[WORKERS];
    for (int i = 0; i < WORKERS; i++) {
      threads[i] = new Thread(worker);
      threads[i].start();
    }
    for (Thread thread : threads) {
      thread.join();
    }
    return total.getAsLong();
  }
}
