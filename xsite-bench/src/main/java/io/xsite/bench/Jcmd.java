package io.xsite.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code jcmd} against a child JVM of a benchmark: its heap after a forced full GC. */
public final class Jcmd {
    private static final long TIMEOUT_SECONDS = 10;
    private static final Pattern HEAP_USED = Pattern.compile("used (\\d+)K");

    private Jcmd() {
    }

    /**
     * Forces a full GC in the JVM {@code pid} (jcmd GC.run) and returns the heap in use after it (GC.heap_info).
     *
     * @throws IllegalStateException if jcmd fails or prints no heap usage
     */
    public static long heapUsedAfterGc(long pid) {
        run(pid, "GC.run");
        String info = run(pid, "GC.heap_info");
        Matcher m = HEAP_USED.matcher(info);
        if (!m.find()) {
            throw new IllegalStateException("no heap usage in jcmd GC.heap_info output of pid " + pid + ": " + info);
        }
        return Long.parseLong(m.group(1)) * 1024;
    }

    private static String run(long pid, String command) {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        try {
            Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid), command).redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("jcmd " + command + " failed for pid " + pid + ": " + out);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run jcmd " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running jcmd " + command, e);
        }
    }
}
