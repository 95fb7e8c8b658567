package dev.solid.deploy.e2e;

import dev.solid.deploy.LocalPlatform;
import dev.solid.deploy.PlatformOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit extension that gives tests the one platform of this test JVM: started on first use with a
 * temporary data directory, free ports and embedded infrastructure (never a running local stack),
 * and stopped when the whole test run ends (JUnit closes root-store resources last).
 */
public final class SolidStack implements ParameterResolver {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(SolidStack.class);

  /** The running platform, closed by JUnit at the end of the run. */
  record Running(LocalPlatform platform, Api api)
      implements ExtensionContext.Store.CloseableResource, AutoCloseable {
    @Override
    public void close() {
      platform.close();
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == Api.class || type == LocalPlatform.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    Running running =
        context
            .getRoot()
            .getStore(NAMESPACE)
            .getOrComputeIfAbsent("stack", key -> start("shared"), Running.class);
    return parameter.getParameter().getType() == Api.class ? running.api() : running.platform();
  }

  private static Running start(String name) {
    LocalPlatform platform = LocalPlatform.start(testOptions(name));
    return new Running(platform, new Api(platform.gatewayUrl()));
  }

  /** Options for an isolated stack whose logs survive under target/e2e-logs/<name>. */
  static PlatformOptions testOptions(String name) {
    try {
      Path data = Files.createTempDirectory("solid-e2e-" + name);
      Path logs =
          Path.of(System.getProperty("solid.e2e.logs", "target/e2e-logs"))
              .resolve(name + "-" + System.currentTimeMillis());
      return PlatformOptions.forTests(PlatformOptions.locateRepositoryRoot(), data, logs);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
