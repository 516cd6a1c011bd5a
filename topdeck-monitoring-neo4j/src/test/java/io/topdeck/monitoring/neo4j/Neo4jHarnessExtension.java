package io.topdeck.monitoring.neo4j;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Resolves a {@link TopDeckNeo4j} parameter, typically of a {@code @BeforeAll} method. The server
 * starts once for the whole test run (it takes seconds) and is closed by JUnit when the run ends,
 * because the root store closes the {@link AutoCloseable} values it holds.
 */
final class Neo4jHarnessExtension implements ParameterResolver {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(Neo4jHarnessExtension.class);

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == TopDeckNeo4j.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return context
        .getRoot()
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent(TopDeckNeo4j.class, k -> TopDeckNeo4j.start(), TopDeckNeo4j.class);
  }
}
