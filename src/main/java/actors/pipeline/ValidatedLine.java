package actors.pipeline;

/**
 * An input line after its checks: a {@link Job} to download, or the {@link Outcome} of a line that
 * will not be downloaded (invalid, duplicate, done before).
 */
sealed interface ValidatedLine permits Job, Outcome {}
