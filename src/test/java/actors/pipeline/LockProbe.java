package actors.pipeline;

import java.nio.file.Path;

/** A process for {@link OutputDirTest}: tries to open a directory; exit 0 if it could, 2 if not. */
final class LockProbe {

  private LockProbe() {}

  public static void main(String[] args) {
    Path dir = Path.of(args[0]);
    try (OutputDir output = OutputDir.open(dir, dir.resolve("manifest.jsonl"))) {
      System.exit(0);
    } catch (OutputException refused) {
      System.err.println(refused.getMessage());
      System.exit(2);
    }
  }
}
