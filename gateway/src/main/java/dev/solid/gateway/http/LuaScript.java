package dev.solid.gateway.http;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.RedisAPI;
import io.vertx.mutiny.redis.client.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A Lua script run atomically in Redis: EVALSHA first, EVAL when Redis does not know the script yet
 * (after a restart or failover), so the script text crosses the wire only then.
 */
public final class LuaScript {
  private final String source;
  private final String sha;

  public LuaScript(String source) {
    this.source = source;
    try {
      this.sha =
          HexFormat.of()
              .formatHex(
                  MessageDigest.getInstance("SHA-1")
                      .digest(source.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public Uni<Response> run(RedisAPI redis, List<String> keys, List<String> args) {
    return redis
        .evalsha(arguments(sha, keys, args))
        .onFailure(e -> e.getMessage() != null && e.getMessage().startsWith("NOSCRIPT"))
        .recoverWithUni(() -> redis.eval(arguments(source, keys, args)));
  }

  private static List<String> arguments(String head, List<String> keys, List<String> args) {
    List<String> all = new ArrayList<>(2 + keys.size() + args.size());
    all.add(head);
    all.add(Integer.toString(keys.size()));
    all.addAll(keys);
    all.addAll(args);
    return all;
  }
}
