package io.xsite.cli;

import io.xsite.net.admin.XsiteVersion;
import picocli.CommandLine.IVersionProvider;

/** {@code xsite --version}: the project version the build wrote into xsite-core, and the Java running it. */
public final class VersionProvider implements IVersionProvider {

    @Override
    public String[] getVersion() {
        return new String[] {"xsite " + XsiteVersion.current(),
                "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")"};
    }
}
