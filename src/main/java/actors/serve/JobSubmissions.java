// One file of some 335 lines on purpose: the two forms of a submission (text, JSON) share the
// option checks, the list on disk and its cleanup on every refusal; apart, the cleanup would split.
package actors.serve;

import actors.jobs.JobEntity;
import actors.jobs.JobSpec;
import actors.jobs.JobsSettings;
import actors.pipeline.InputLine;
import actors.pipeline.PipelineSettings;
import actors.support.InvalidSettingException;
import actors.support.Stages;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.Config;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.http.javadsl.model.HttpEntity;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.stream.IOOperationIncompleteException;
import org.apache.pekko.stream.IOResult;
import org.apache.pekko.stream.javadsl.FileIO;
import org.apache.pekko.util.ByteString;

/**
 * A {@code POST /jobs} turned into a {@link JobSpec}: the options checked exactly as {@code actors
 * download} checks its own (the same keys, the same {@link PipelineSettings} ranges, each error
 * naming the field), then the URL list written to the job's directory as {@code urls.txt} and its
 * lines counted. Nothing of a refused request is left on disk.
 *
 * <p>Two forms, as curl users send them: {@code text/plain}, one URL per line (streamed to disk,
 * never held whole), options as query parameters ({@code POST /jobs?parallelism=8}); or {@code
 * application/json}, {@code {"urls": [...], "parallelism": 8, "timeout": "30s"}}, option names with
 * {@code -} or {@code _}. A URL list is checked line by line as the pipeline runs: a line that is
 * not an http or https URL becomes an {@code invalid} manifest line, never a request.
 */
final class JobSubmissions {

  private final Path jobs;
  private final Config config;
  private final JobsSettings settings;
  private final ActorSystem<?> system;
  private final Set<String> keys;

  JobSubmissions(Path jobs, Config config, JobsSettings settings, ActorSystem<?> system) {
    this.jobs = jobs;
    this.config = config;
    this.settings = settings;
    this.system = system;
    this.keys = new TreeSet<>(config.getConfig(PipelineSettings.PATH).root().keySet());
  }

  /** Job {@code id}'s directory. */
  Path dir(String id) {
    return jobs.resolve(id);
  }

  /** Job {@code id}'s spec from the request, once its URL list is on disk. */
  CompletionStage<JobSpec> prepare(String id, HttpEntity entity, Map<String, String> query) {
    Path dir = jobs.resolve(id);
    if (entity.getContentType().mediaType().equals(MediaTypes.TEXT_PLAIN)) {
      Map<String, String> options = options(query);
      return write(dir, entity).thenCompose(written -> count(dir, options));
    }
    if (entity.getContentType().mediaType().equals(MediaTypes.APPLICATION_JSON)) {
      // withSizeLimit first: it lifts Pekko's 8 MiB default to this route's limit.
      return Stages.plain(
              entity
                  .withSizeLimit(settings.maxListBytes())
                  .toStrict(60_000, settings.maxListBytes(), system))
          .thenCompose(
              strict -> {
                JsonNode body = parse(strict.getData());
                Map<String, String> options = options(query);
                options.putAll(jsonOptions(body));
                check(options);
                byte[] lines = urls(body);
                return blocking(
                        () -> {
                          try {
                            Files.createDirectories(dir);
                            Files.write(dir.resolve("urls.txt.partial"), lines);
                          } catch (IOException e) {
                            removeQuietly(dir);
                            throw e;
                          }
                          return null;
                        })
                    .thenCompose(written -> count(dir, options));
              });
    }
    String given =
        entity
                .getContentType()
                .equals(org.apache.pekko.http.javadsl.model.ContentTypes.NO_CONTENT_TYPE)
            ? "a body without a Content-Type"
            : entity.getContentType().mediaType().toString();
    throw ApiException.unsupportedMediaType(
        "POST /jobs takes text/plain (one URL per line) or application/json ({\"urls\": [...]}),"
            + " not "
            + given);
  }

  private CompletionStage<IOResult> write(Path dir, HttpEntity entity) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw ApiException.storage("cannot create " + dir + ": " + e.getMessage());
    }
    return Stages.plain(
            entity
                .withSizeLimit(settings.maxListBytes())
                .getDataBytes()
                .runWith(FileIO.toPath(dir.resolve("urls.txt.partial")), system))
        .handle(
            (result, failure) -> {
              if (failure == null) {
                return result;
              }
              removeQuietly(dir);
              Throwable cause = Stages.cause(failure);
              // A body over the limit says so (413, in ApiErrors); another failure of the write
              // is the disk's refusal, 507 (or the client's leaving, and then nobody reads it).
              if (ApiErrors.sizeLimit(cause) != null
                  || !(cause instanceof IOOperationIncompleteException)) {
                throw cause instanceof RuntimeException r ? r : new CompletionException(cause);
              }
              throw ApiException.storage(
                  "cannot write " + dir.resolve("urls.txt") + ": " + cause.getCause());
            });
  }

  /** Counts the URL lines, refuses an empty list, and moves the list into place. */
  private CompletionStage<JobSpec> count(Path dir, Map<String, String> options) {
    PipelineSettings checked = check(options);
    return blocking(
            () -> {
              Path partial = dir.resolve("urls.txt.partial");
              long total = InputLine.count(partial, checked.maxLineLength());
              if (total == 0) {
                throw ApiException.badRequest("urls", "the job has no URLs (one per line)");
              }
              Files.move(partial, dir.resolve("urls.txt"), StandardCopyOption.ATOMIC_MOVE);
              return new JobSpec(dir.getFileName().toString(), total, Map.copyOf(options));
            })
        .whenComplete(
            (spec, failure) -> {
              if (failure != null) {
                removeQuietly(dir);
              }
            });
  }

  /** The options' settings, or a 400 naming the field. */
  private PipelineSettings check(Map<String, String> options) {
    try {
      return JobEntity.settings(new JobSpec("", 0, options), config);
    } catch (InvalidSettingException e) {
      String field = e.key().substring(PipelineSettings.PATH.length() + 1);
      // A value of the wrong kind: say so in the request's terms, not the config library's.
      String problem =
          e.problem().startsWith("cannot be read")
              ? "must be "
                  + kind(field)
                  + ", not "
                  + Json.quote(Json.shorten(String.valueOf(options.get(field))))
              : e.problem();
      throw ApiException.badRequest(field, field + " " + problem);
    }
  }

  /** What {@code key}'s value is, in words, from its default in the config. */
  private String kind(String key) {
    String path = PipelineSettings.key(key);
    Object value = config.getValue(path).unwrapped();
    if (value instanceof Number) {
      return "a number";
    }
    if (value instanceof Boolean) {
      return "true or false";
    }
    if (value instanceof List) {
      return "a list of strings";
    }
    for (var kind :
        List.<Map.Entry<String, java.util.function.Consumer<String>>>of(
            Map.entry("a duration like 30s or 500ms", config::getDuration),
            Map.entry("a size like 10MB or 512KiB", config::getBytes))) {
      try {
        kind.getValue().accept(path);
        return kind.getKey();
      } catch (com.typesafe.config.ConfigException notThisKind) {
        // the next kind
      }
    }
    return "a string";
  }

  private Map<String, String> options(Map<String, String> given) {
    Map<String, String> options = new LinkedHashMap<>();
    given.forEach((name, value) -> options.put(key(name), value));
    check(options);
    return options;
  }

  private Map<String, String> jsonOptions(JsonNode body) {
    Map<String, String> options = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = body.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      if (field.getKey().equals("urls")) {
        continue;
      }
      JsonNode value = field.getValue();
      String key = key(field.getKey());
      boolean listKey =
          config.getValue(PipelineSettings.key(key)).valueType()
              == com.typesafe.config.ConfigValueType.LIST;
      if (listKey && value.isArray()) { // headers: "Name: value"s, a line each in the options
        List<String> lines = new ArrayList<>();
        for (JsonNode line : value) {
          if (!line.isTextual() || line.asText().contains("\n")) {
            throw ApiException.badRequest(
                field.getKey(), field.getKey() + " must be a list of strings of one line each");
          }
          lines.add(line.asText());
        }
        options.put(key, String.join("\n", lines));
        continue;
      }
      if (!value.isNumber() && !value.isTextual() && !value.isBoolean()) {
        throw ApiException.badRequest(
            field.getKey(),
            field.getKey() + " must be a number, a boolean or a string like \"30s\"");
      }
      options.put(key, value.asText());
    }
    return options;
  }

  /** The pipeline key an option names ({@code max_bytes} is {@code max-bytes}), or a 400. */
  private String key(String name) {
    String key = name.replace('_', '-');
    if (!keys.contains(key)) {
      throw ApiException.badRequest(
          name, "unknown option " + Json.quote(Json.shorten(name)) + "; the options are " + keys);
    }
    return key;
  }

  private static JsonNode parse(ByteString data) {
    JsonNode body;
    try {
      body = Json.MAPPER.readTree(data.toArray());
    } catch (JsonProcessingException e) {
      throw ApiException.badRequest(
          "body", "malformed JSON: " + e.getOriginalMessage() + " " + location(e));
    } catch (IOException e) {
      throw ApiException.badRequest("body", "malformed JSON: " + e.getMessage());
    }
    if (body == null || !body.isObject()) {
      throw ApiException.badRequest("body", "the body must be a JSON object with \"urls\"");
    }
    return body;
  }

  private static String location(JsonProcessingException e) {
    return e.getLocation() == null
        ? ""
        : "(line "
            + e.getLocation().getLineNr()
            + ", column "
            + e.getLocation().getColumnNr()
            + ")";
  }

  private static byte[] urls(JsonNode body) {
    JsonNode urls = body.get("urls");
    if (urls == null || !urls.isArray() || urls.isEmpty()) {
      throw ApiException.badRequest("urls", "urls must be a non-empty array of URLs");
    }
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < urls.size(); i++) {
      JsonNode url = urls.get(i);
      if (!url.isTextual() || url.asText().contains("\n") || url.asText().contains("\r")) {
        throw ApiException.badRequest("urls[" + i + "]", "urls[" + i + "] must be a URL string");
      }
      lines.add(url.asText());
    }
    return (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
  }

  interface Blocking<T> {
    T run() throws IOException;
  }

  private <T> CompletionStage<T> blocking(Blocking<T> work) {
    Executor executor = system.dispatchers().lookup(DispatcherSelector.blocking());
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            return work.run();
          } catch (IOException e) {
            throw ApiException.storage(e.getMessage());
          }
        },
        executor);
  }

  private static void removeQuietly(Path dir) {
    try (var files = Files.list(dir)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        Files.deleteIfExists(file);
      }
      Files.deleteIfExists(dir);
    } catch (IOException e) {
      // Left behind: an unlisted directory, harmless.
    }
  }
}
