package actors.demo;

import actors.channels.Channel;
import actors.channels.FanIn;
import actors.channels.FanOut;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.NotUsed;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;

/** Demo: a bounded channel and its close, several producers, several consumers. */
public final class ChannelsDemo extends DemoSection {

  public ChannelsDemo() {
    super(
        "Channels",
        "Go: make(chan int, 2), close | Rust: sync_channel, tokio mpsc + tx.clone(), crossbeam");
  }

  @Override
  public void run(DemoContext demo) throws Exception {
    Materializer materializer = Materializer.matFromSystem(demo.system());

    Pair<Channel<Integer>, CompletionStage<List<Integer>>> bounded =
        Channel.<Integer>source(2).toMat(Sink.seq(), Keep.both()).run(materializer);
    for (int i = 0; i < 5; i++) {
      demo.await(bounded.first().send(i)); // waits whenever the 2 slots are full
    }
    bounded.first().close();
    demo.say("sync_channel(2): consumer got %s, then the end", demo.await(bounded.second()));
    demo.say("send after close -> %s", demo.await(bounded.first().send(5)));

    Pair<FanIn.Senders<Integer>, CompletionStage<List<Integer>>> fanIn =
        FanIn.source(Integer.class, 2).toMat(Sink.seq(), Keep.both()).run(materializer);
    FanIn.Senders<Integer> senders = fanIn.first();
    senders.closeAfter(
        List.of(
            senders.attach(Source.range(0, 4), materializer),
            senders.attach(Source.range(100, 104), materializer)));
    demo.say(
        "tx + tx2 (MergeHub): %s, each producer's values in order", demo.await(fanIn.second()));

    Source<Integer, NotUsed> shared =
        Source.range(1, 30).runWith(FanOut.workSharing(Integer.class, 3, 4), materializer);
    List<Integer> shares = new ArrayList<>();
    for (CompletionStage<List<Integer>> c : consumers(shared, 3, materializer)) {
      shares.add(demo.await(c).size());
    }
    demo.say("work sharing (PartitionHub): 30 items split %s across 3 consumers", shares);

    Source<Integer, NotUsed> broadcast =
        Source.range(1, 30).runWith(FanOut.broadcast(Integer.class, 3, 4), materializer);
    List<Integer> copies = new ArrayList<>();
    for (CompletionStage<List<Integer>> c : consumers(broadcast, 3, materializer)) {
      copies.add(demo.await(c).size());
    }
    demo.say("broadcast (BroadcastHub): each of 3 consumers got %s items", copies);
  }

  private static List<CompletionStage<List<Integer>>> consumers(
      Source<Integer, NotUsed> hub, int count, Materializer materializer) {
    List<CompletionStage<List<Integer>>> consumers = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      consumers.add(hub.runWith(Sink.seq(), materializer));
    }
    return consumers;
  }
}
