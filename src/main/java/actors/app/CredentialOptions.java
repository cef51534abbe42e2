package actors.app;

import actors.pipeline.Credentials;
import java.io.Console;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The basic-auth options of {@code actors download}, as curl spells them: {@code -u user:password}
 * (a password asked on the terminal when only the user is given), {@code --netrc} ({@code
 * ~/.netrc}) and {@code --netrc-file FILE}. Not config keys: a password belongs in no file of ours,
 * and none of these values is ever shown (see {@link Credentials}).
 */
final class CredentialOptions {

  @Option(
      names = {"-u", "--user"},
      paramLabel = "USER[:PASSWORD]",
      order = 40,
      description =
          "Basic auth for every URL's own host (asks for the password if only USER is given)."
              + " Others on this machine can see a command line: --netrc keeps it out.")
  String user;

  @Option(
      names = "--netrc",
      order = 41,
      description = "Basic auth per host from ~/.netrc (machine, login, password).")
  boolean netrc;

  @Option(
      names = "--netrc-file",
      order = 42,
      paramLabel = "FILE",
      description = "As --netrc, from FILE.")
  Path netrcFile;

  /** The credentials given, or {@link Credentials#NONE}; a usage error if they cannot be used. */
  Credentials credentials(CommandSpec spec) {
    try {
      Credentials fromFile = Credentials.NONE;
      if (netrcFile != null || netrc) {
        Path file =
            netrcFile != null ? netrcFile : Path.of(System.getProperty("user.home"), ".netrc");
        fromFile = Credentials.netrc(file);
      }
      if (user == null) {
        return fromFile;
      }
      Credentials given =
          user.indexOf(':') < 0
              ? Credentials.user(user, askPassword(spec))
              : Credentials.user(user);
      return given.or(fromFile);
    } catch (Credentials.Invalid e) {
      throw new ParameterException(
          spec.commandLine(), (user != null ? "--user: " : "--netrc: ") + e.getMessage());
    }
  }

  private String askPassword(CommandSpec spec) {
    Console console = System.console();
    if (console == null) {
      throw new ParameterException(
          spec.commandLine(),
          "--user "
              + user
              + " has no password, and there is no terminal to ask for one:"
              + " give --user "
              + user
              + ":PASSWORD, or use --netrc");
    }
    char[] password = console.readPassword("Password for %s: ", user);
    if (password == null) {
      throw new ParameterException(spec.commandLine(), "--user: no password given");
    }
    return new String(password);
  }
}
