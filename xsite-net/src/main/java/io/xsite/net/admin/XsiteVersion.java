package io.xsite.net.admin;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The xsite version this code was built as, for components that report it (a member's probe answer).
 * Maven writes it into {@value #RESOURCE} at build time, so the classes directory and every jar know it.
 */
public final class XsiteVersion {
    static final String RESOURCE = "/io/xsite/net/admin/version.properties";
    private static final String VERSION = load();

    private XsiteVersion() {
    }

    /** The project version, e.g. {@code 0.1.0-SNAPSHOT}. */
    public static String current() {
        return VERSION;
    }

    private static String load() {
        try (InputStream in = XsiteVersion.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath");
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
