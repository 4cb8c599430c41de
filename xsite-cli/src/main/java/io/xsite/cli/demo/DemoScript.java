package io.xsite.cli.demo;

import io.xsite.cli.chat.ChatResult;
import io.xsite.wire.address.UuidAddress;
import io.xsite.relay.topology.SiteView;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The reference scenario, run with no terminal: (1) the visitor sends a line and every member of every
 * site answers, itself included; (2) the topology shows every site with its members and site master;
 * (3) the site master of the first site crashes and the site chooses another; (4) a second line is
 * answered by everyone still there. With the data steps ({@link DemoData}): (5) keys written at the first
 * site through a failover client, (6) every member of that site crashed, (7) the keys read at the next site
 * through the same client, (8) the next site's state pushed to the first, which starts again, (9) the push
 * done, (10) both sites compared (verify at the admin endpoint, then key by key), (11) the client back home. In
 * this JVM and with every member in a JVM of its own alike: the script reaches the members as a user does. Each step prints what it checks, then {@code ok} or {@code FAILED: why}; the script stops
 * at the first failure. Every wait is bounded by the step timeout.
 */
public final class DemoScript {
    private static final String RESPONSE = "<< response from ";

    private final RunningDemo demo;
    private final Transcript transcript;
    private final Duration stepTimeout;
    private final long startNanos;
    private final List<String> responders;
    private final List<String> crashed = new ArrayList<>();

    /**
     * A script on {@code demo}, whose chat prints to {@code transcript}; {@code startNanos} is when the
     * demo started ({@link System#nanoTime()}), for the time to the first round.
     */
    public DemoScript(RunningDemo demo, Transcript transcript, Duration stepTimeout, long startNanos) {
        this.demo = Objects.requireNonNull(demo, "demo");
        this.transcript = Objects.requireNonNull(transcript, "transcript");
        this.stepTimeout = Objects.requireNonNull(stepTimeout, "stepTimeout");
        this.startNanos = startNanos;
        this.responders = new ArrayList<>(demo.expectedResponders());
    }

    /** Runs the steps in order; true if each held. */
    public boolean run() throws InterruptedException {
        String crashSite = demo.plan().layout().sites().get(0).name();
        List<Step> steps = new ArrayList<>(List.of(
                new Step("say \"hello\" from " + visitor() + " to everyone: expect " + responders.size()
                        + " replies (" + perSite(demo.expectedSites()) + ", " + visitor() + " included)",
                        () -> firstRound("hello")),
                new Step("topology as " + visitor() + " sees it: expect " + perSite(demo.expectedSites())
                        + ", one site master each", this::topology),
                new Step("crash " + crashSite + "'s site master: expect " + crashSite
                        + "'s view to exclude it and a new site master", () -> failover(crashSite)),
                new Step("say \"hello again\": expect " + (responders.size() - 1) + " replies (every member "
                        + "still running, " + visitor() + " included)", () -> round("hello again"))));
        try (DemoData data = new DemoData(demo, stepTimeout, this::print)) {
            steps.addAll(dataSteps(data));
            return run(steps);
        }
    }

    private List<Step> dataSteps(DemoData data) {
        String home = data.home();
        String away = data.away();
        List<String> members = demo.plan().layout().site(home).memberNames();
        String keys = String.format("%,d", DemoData.KEYS);
        return List.of(
                new Step("write " + keys + " keys through the failover client (home " + home + "): expect each "
                        + "acknowledged at " + home, data::write),
                new Step("crash every " + home + " member still running: expect site " + home + " gone",
                        () -> data.crashHome(members.stream().filter(name -> !crashed.contains(name)).toList())),
                new Step("read the " + keys + " keys through the same client: expect it to switch to " + away
                        + " and every value there", data::readAway),
                new Step("push " + away + "'s state to " + home + " and restart " + home + "'s " + members.size()
                        + " members (empty): expect " + home + " back", () -> data.restartHome(members)),
                new Step("catch up: expect " + away + "'s push to " + home + " to end and its backlog to drain to 0",
                        data::catchUp),
                new Step("verify: expect no segment to differ between " + home + " and " + away + ", and each to "
                        + "hold the same " + keys + " keys", data::compare),
                new Step("expect the client to return home to " + home + " by itself", data::returnHome));
    }

    private boolean run(List<Step> steps) throws InterruptedException {
        for (int i = 0; i < steps.size(); i++) {
            Step step = steps.get(i);
            print("[" + (i + 1) + "/" + steps.size() + "] " + step.title());
            Optional<String> failure = step.check().run();
            if (failure.isPresent()) {
                print("FAILED: " + failure.get());
                return false;
            }
            print("ok");
        }
        print("all " + steps.size() + " steps held");
        return true;
    }

    private Optional<String> firstRound(String text) throws InterruptedException {
        Optional<String> notFormed = demo.awaitFormed(stepTimeout);
        if (notFormed.isPresent()) {
            return notFormed;
        }
        Optional<String> failure = round(text);
        if (failure.isEmpty()) {
            print(String.format("first complete round %d ms after the demo started",
                    Duration.ofNanos(System.nanoTime() - startNanos).toMillis()));
        }
        return failure;
    }

    private Optional<String> round(String text) throws InterruptedException {
        int mark = transcript.mark();
        ChatResult result = demo.chat().sendAndAwait(text, responders.size(), stepTimeout);
        Set<String> answered = transcript.since(mark).stream().filter(line -> line.startsWith(RESPONSE))
                .map(line -> line.substring(RESPONSE.length())).collect(Collectors.toCollection(TreeSet::new));
        Set<String> expected = new TreeSet<>(responders);
        if (result.replies() != expected.size() || !answered.equals(expected)) {
            Set<String> missing = new TreeSet<>(expected);
            missing.removeAll(answered);
            Set<String> unexpected = new TreeSet<>(answered);
            unexpected.removeAll(expected);
            return Optional.of(result.replies() + " of " + expected.size() + " replies within " + seconds()
                    + (missing.isEmpty() ? "" : "; missing " + missing)
                    + (unexpected.isEmpty() ? "" : "; unexpected " + unexpected));
        }
        return Optional.empty();
    }

    private Optional<String> topology() {
        Map<String, SiteView> topology = demo.chat().node().topology();
        UuidAddress self = demo.chat().node().address();
        demo.chat().topologyLines().forEach(this::print);
        List<String> problems = new ArrayList<>();
        demo.expectedSites().forEach((name, size) -> {
            SiteView site = topology.get(name);
            if (site == null) {
                problems.add("site " + name + " is missing");
            } else if (site.members().size() != size || site.siteMasters().size() != 1) {
                problems.add(name + " has " + site.members().size() + " members and " + site.siteMasters().size()
                        + " site masters");
            }
        });
        if (topology.size() != demo.expectedSites().size()) {
            problems.add("sites " + topology.keySet() + ", expected " + demo.expectedSites().keySet());
        }
        if (topology.values().stream().anyMatch(site -> site.siteMasters().contains(self))) {
            problems.add(visitor() + " is a site master although it may not become one");
        }
        return problems.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", problems));
    }

    private Optional<String> failover(String site) throws InterruptedException {
        Optional<UuidAddress> master = siteMaster(site);
        if (master.isEmpty()) {
            return Optional.of(site + " has no site master to crash");
        }
        String name = master.get().name();
        print("crashing " + name + ", site master of " + site);
        long crashedAt = System.nanoTime();
        print(name + ": " + demo.cluster().crash(name));
        Optional<UuidAddress> next = Polling.poll(stepTimeout, () -> Optional.ofNullable(
                        demo.chat().node().topology().get(site))
                .filter(view -> view.members().stream().noneMatch(m -> m.name().equals(name)))
                .flatMap(view -> view.siteMasters().stream().findFirst()));
        if (next.isEmpty()) {
            return Optional.of(site + " still lists " + name + " or has no site master after " + seconds());
        }
        print(String.format("%s's view excludes %s after %d ms; new site master of %s: %s", site, name,
                Duration.ofNanos(System.nanoTime() - crashedAt).toMillis(), site, next.get()));
        responders.remove(master.get().toString());
        crashed.add(name);
        return Optional.empty();
    }

    private Optional<UuidAddress> siteMaster(String site) {
        return Optional.ofNullable(demo.chat().node().topology().get(site))
                .flatMap(view -> view.siteMasters().stream().findFirst());
    }

    private String visitor() {
        return demo.plan().visitor().name();
    }

    private String seconds() {
        return stepTimeout.toSeconds() + "s";
    }

    private void print(String line) {
        transcript.accept(line);
    }

    private static String perSite(Map<String, Integer> sizes) {
        return sizes.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
    }

    /** A step that returns why it failed, or empty when it held. */
    @FunctionalInterface
    private interface Check {
        Optional<String> run() throws InterruptedException;
    }

    private record Step(String title, Check check) {
    }
}
