package io.xsite.relay.page;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;

/**
 * What the live page shows in a {@link HeadlessChromium}, read from its DOM by the names the page gives its parts
 * ({@code data-site}, {@code data-member}, {@code data-cache}, {@code data-backup}): the browser tests' words for
 * the page, so that each reads as what a user sees.
 */
public final class LivePageView {
    private final HeadlessChromium browser;

    public LivePageView(HeadlessChromium browser) {
        this.browser = browser;
    }

    /** The site master of {@code site} as its card shows it; empty while the page shows no such site. */
    public String siteMaster(String site) {
        return text("document.querySelector('[data-site=\"" + site + "\"] .site-master')?.textContent");
    }

    /** The members {@code site}'s card lists, in its order. */
    public List<String> members(String site) {
        String names = text("[...document.querySelectorAll('[data-site=\"" + site + "\"] li[data-member]')]"
                + ".map(li => li.dataset.member).join(',')");
        return names.isEmpty() ? List.of() : Arrays.asList(names.split(","));
    }

    /** The row of cache {@code name}, as text; empty while the page shows none. */
    public String cache(String name) {
        return text("document.querySelector('[data-cache=\"" + name + "\"]')?.textContent");
    }

    /** The entries this node holds of cache {@code name}, as the page prints them; empty while it shows none. */
    public String entriesHere(String name) {
        return text("document.querySelector('[data-cache=\"" + name + "\"] td.num')?.textContent");
    }

    /** Backup site {@code site} of the caches, as text; empty while the page shows none. */
    public String backup(String site) {
        return text("document.querySelector('[data-backup=\"" + site + "\"]')?.textContent");
    }

    /** The colour of backup site {@code site}'s dot: {@code ok}, {@code warn} or {@code bad}. */
    public String backupHealth(String site) {
        return text("document.querySelector('[data-backup=\"" + site + "\"] .dot')?.className").replace("dot ", "");
    }

    /** The state of the page's event stream, as its header shows it: {@code live}, {@code reconnecting}, ... */
    public String link() {
        return text("document.getElementById('link').textContent");
    }

    /** Marks the loaded page, so that {@link #assertNotReloaded} can tell whether it loaded again since. */
    public void markLoad() {
        browser.evaluate("window.sameLoad = 'yes'");
    }

    /** Asserts that the page is the one {@link #markLoad} marked: it followed every change by itself. */
    public void assertNotReloaded() {
        assertThat(text("window.sameLoad")).as("the page was not reloaded").isEqualTo("yes");
    }

    /**
     * Asserts that the changes the page lists tell of {@code site}'s site master {@code before} crashing and
     * {@code after} taking over: as a handover, or as the site down and up again when this node heard of it only
     * once it had re-formed.
     */
    public void assertSiteMasterChange(String site, String before, String after) {
        assertThat(text("document.getElementById('changes').textContent")).satisfiesAnyOf(
                changes -> assertThat(changes).contains(site + ": site master " + before + " \u2192 " + after,
                        site + ": " + before + " left"),
                changes -> assertThat(changes).contains("site " + site + " is down", "site " + site + " is up"));
    }

    private String text(String expression) {
        return browser.evaluate("(" + expression + ") ?? ''").asText();
    }
}
