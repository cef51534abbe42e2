package actors.pipeline;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where a complete body goes ({@link FileNaming}). A {@code hash} name belongs to its URL alone, so
 * the body is moved over whatever is there (an earlier body of the same URL). A {@code remote} or
 * {@code tree} name may be wanted by several URLs, or be a file already: the body takes it only if
 * nothing is there (a hard link, which the file system creates only if the name is free, so two
 * bodies finishing at once cannot both take it), else its {@code hash} name. The run's own files
 * (the manifest, the index, the lock, the partial directory) are never a body's name.
 *
 * <p>A file system without hard links (some network or FAT mounts) gets a check, then a move that
 * refuses to replace: a race only with another program writing into OUT at that moment.
 */
final class Placement {

  private final OutputDir output;
  private final FileNaming naming;
  private final List<String> wanted;
  private final String hashName;
  private final String previous;

  /**
   * For a body of a URL whose {@code hash} name is {@code hashName}, that asks for {@code wanted}
   * (the same under {@code hash}), or {@code disposition} first (a Content-Disposition name, for
   * {@code remote}), and whose earlier body, if any, is {@code previous}.
   */
  Placement(
      OutputDir output,
      FileNaming naming,
      String wanted,
      Optional<String> disposition,
      String hashName,
      String previous) {
    this.output = output;
    this.naming = naming;
    this.wanted = new ArrayList<>();
    disposition.filter(name -> naming == FileNaming.REMOTE).ifPresent(this.wanted::add);
    this.wanted.add(wanted);
    this.hashName = hashName;
    this.previous = previous;
  }

  /** Moves {@code part} into place; the name it took, relative to OUT. */
  String place(Path part) throws IOException {
    if (naming != FileNaming.HASH) {
      Path base = output.dir().toAbsolutePath().normalize();
      for (String name : wanted) {
        Path target = base.resolve(name).normalize();
        if (!target.startsWith(base) || target.equals(base) || reserved(target)) {
          continue;
        }
        if (name.equals(previous)) { // this URL's own earlier body: replaced, as under hash
          replace(part, target);
          return name;
        }
        if (takeIfFree(part, target)) {
          return name;
        }
      }
    }
    // The hash name is a plain file in OUT, which exists: no directory to create.
    Files.move(
        part,
        output.dir().resolve(hashName),
        StandardCopyOption.ATOMIC_MOVE,
        StandardCopyOption.REPLACE_EXISTING);
    return hashName;
  }

  private boolean reserved(Path target) {
    for (Path own :
        List.of(
            output.manifest(),
            output.index(),
            output.partialDir(),
            output.dir().resolve(".actors-lock"))) {
      Path mine = own.toAbsolutePath().normalize();
      if (target.startsWith(mine) || mine.startsWith(target)) {
        return true;
      }
    }
    return false;
  }

  private static void replace(Path part, Path target) throws IOException {
    Files.createDirectories(target.getParent());
    Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  /** Links {@code part} at {@code target} if no file is there, then drops the part's name. */
  private static boolean takeIfFree(Path part, Path target) throws IOException {
    try {
      Files.createDirectories(target.getParent());
    } catch (FileSystemException aFileWhereADirectoryGoes) {
      return false;
    }
    try {
      Files.createLink(target, part);
    } catch (FileAlreadyExistsException taken) {
      return false;
    } catch (UnsupportedOperationException | FileSystemException noHardLinks) {
      if (Files.exists(target)) {
        return false;
      }
      try {
        Files.move(part, target); // refuses to replace
        return true;
      } catch (FileAlreadyExistsException taken) {
        return false;
      }
    }
    Files.delete(part);
    return true;
  }
}
