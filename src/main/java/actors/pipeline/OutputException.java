package actors.pipeline;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;

/**
 * The output directory or the manifest cannot be used: one line naming the path and the reason
 * ({@code downloads: is a file, not a directory}). Thrown before anything in it is changed.
 */
public final class OutputException extends RuntimeException {

  OutputException(Path path, String reason) {
    super(path + ": " + reason, null, false, false);
  }

  OutputException(Path path, IOException cause) {
    super(path + ": " + reason(cause), cause, false, false);
  }

  /** What went wrong, in the words of {@code strerror}, without the JDK's exception names. */
  static String reason(IOException e) {
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof NoSuchFileException) {
      return "no such file or directory";
    }
    if (e instanceof FileAlreadyExistsException) {
      return "exists and is not a directory";
    }
    if (e instanceof NotDirectoryException) {
      return "not a directory";
    }
    if (e instanceof FileSystemException fs && fs.getReason() != null) {
      return fs.getReason().toLowerCase(java.util.Locale.ROOT);
    }
    return String.valueOf(e.getMessage());
  }
}
