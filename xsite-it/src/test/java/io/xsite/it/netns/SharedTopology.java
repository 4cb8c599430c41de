package io.xsite.it.netns;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives a netns test class's {@code @BeforeAll} its {@link Netns}: the topology of {@code it/netns} is brought up
 * by the first class that asks and removed when the test run ends, so the classes of one run share one
 * {@code up.sh} (its network, dnsmasq and the PKI it issues with a JVM per certificate) and one {@code down.sh}.
 * Each class gets a {@link Netns} of its own, with its own log directory and processes, which it closes in its
 * {@code @AfterAll}, leaving the namespaces as it found them for the next.
 */
final class SharedTopology implements ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SharedTopology.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Netns.class;
    }

    @Override
    public Netns resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> test = context.getRequiredTestClass();
        // The root store closes the topology (down.sh) once every class has run.
        Netns.Topology topology = context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(Netns.Topology.class, key -> Netns.Topology.upFor(test), Netns.Topology.class);
        return topology.forClass(test);
    }
}
