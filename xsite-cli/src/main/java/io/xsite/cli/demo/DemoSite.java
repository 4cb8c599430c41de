package io.xsite.cli.demo;

import java.util.List;
import java.util.stream.IntStream;

/**
 * One site of the demo: its name and how many members it starts with, named after the site ({@code nyc1},
 * {@code nyc2}, ...).
 *
 * @param name    the site's name (also its local cluster's name)
 * @param members how many members the demo starts in it; at least one
 */
public record DemoSite(String name, int members) {
    public DemoSite {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a site needs a name");
        }
        if (members < 1) {
            throw new IllegalArgumentException("site " + name + " needs at least one member: " + members);
        }
    }

    /** The members' names, in start order. */
    public List<String> memberNames() {
        return IntStream.rangeClosed(1, members).mapToObj(i -> name + i).toList();
    }
}
