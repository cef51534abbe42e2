package actors.jobs;

import actors.support.CborSerializable;
import java.util.Map;

/**
 * What a job is asked to do, as its first event stores it: its URL list (a file, {@code urls.txt}
 * in the job's directory, written before the job is submitted), how many lines it holds, and the
 * download options given (keys of {@code actors.pipeline}, values as written: {@code "timeout":
 * "30s"}), checked already by the route exactly as the command line checks them.
 *
 * @param id the job's id, also the name of its directory under the server's {@code jobs} directory
 *     (resolved at each start, so that a server started from elsewhere finds it)
 */
public record JobSpec(String id, long total, Map<String, String> options)
    implements CborSerializable {}
