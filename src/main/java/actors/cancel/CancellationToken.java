package actors.cancel;

import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.KillSwitches;
import org.apache.pekko.stream.SharedKillSwitch;
import org.apache.pekko.stream.javadsl.Flow;

/**
 * tokio's {@code CancellationToken} with {@code child_token()}, for streams.
 *
 * <p>Each token owns one {@link SharedKillSwitch}; a child also carries its ancestors' switches. A
 * stream guarded by a token ({@code .via(token.flow())}) passes through every switch of the token's
 * line, so cancelling a token stops the streams of that token and of all its descendants, and
 * nothing above or beside it: cancelling a child never reaches its parent or its siblings. {@link
 * #cancel} completes the guarded streams (downstream sees the end, upstream is cancelled); the
 * first cancel wins and later ones do nothing.
 *
 * <p>Our own small composition: Pekko has single and shared kill switches but no hierarchy of them.
 * For actors no such class is needed: stopping an actor stops its children, which is the same tree.
 */
public final class CancellationToken {

  private final List<SharedKillSwitch> line;

  private CancellationToken(List<SharedKillSwitch> line) {
    this.line = List.copyOf(line);
  }

  /** A new root token; {@code name} shows up in the cancelled streams' logs. */
  public static CancellationToken create(String name) {
    return new CancellationToken(List.of(KillSwitches.shared(name)));
  }

  /** A token cancelled by this one's cancel, and by its own. */
  public CancellationToken child(String name) {
    List<SharedKillSwitch> childLine = new ArrayList<>(line);
    childLine.add(KillSwitches.shared(name));
    return new CancellationToken(childLine);
  }

  /** Cancels this token and every descendant: their streams complete. */
  public void cancel() {
    line.get(line.size() - 1).shutdown();
  }

  /** A flow that passes elements until this token or an ancestor is cancelled. */
  public <T> Flow<T, T, NotUsed> flow() {
    Flow<T, T, NotUsed> guarded = Flow.create();
    for (SharedKillSwitch kill : line) {
      guarded = guarded.via(kill.<T>flow());
    }
    return guarded;
  }
}
