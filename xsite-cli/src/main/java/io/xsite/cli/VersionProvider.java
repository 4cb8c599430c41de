package io.xsite.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** {@code xsite --version}: the project version the build wrote into {@value #RESOURCE}. */
public final class VersionProvider implements IVersionProvider {
    /** Filtered by Maven at build time, so the classes directory and the jar both know the version. */
    static final String RESOURCE = "/io/xsite/cli/version.properties";

    @Override
    public String[] getVersion() throws IOException {
        try (InputStream in = VersionProvider.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IOException(RESOURCE + " is missing from the classpath");
            }
            Properties properties = new Properties();
            properties.load(in);
            return new String[] {"xsite " + properties.getProperty("version"),
                    "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")"};
        }
    }
}
