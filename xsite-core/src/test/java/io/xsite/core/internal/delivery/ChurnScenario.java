package io.xsite.core.internal.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.xsite.wire.address.UuidAddress;
import io.xsite.core.delivery.DeliveryConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * One seeded run of senders sending numbered messages while members crash (and come back under new
 * addresses), the cluster splits into two partitions and heals; then a quiet period, and the check.
 * Every member sends to each member of its view; the view is simply the test's partition, given to
 * {@link ReliableDelivery#onViewChange} at once on every member concerned.
 *
 * <p>Frames sent before a partition are held back on its cut links and arrive after the heal, when the
 * streams they belonged to have been replaced: the stale frames a new epoch must fend off.
 *
 * <p>The check, for every sender and every surviving receiver: numbers arrive strictly increasing (FIFO,
 * no duplicates) and were sent to that receiver; of each stretch of time both were in one view (a
 * "session"), the delivered messages are a prefix of those sent, and of the stretch that lasts to the
 * end, all of them.
 */
final class ChurnScenario {
    private static final int MEMBERS = 4;
    private static final int BUSY_STEPS = 300;
    private static final int QUIET_STEPS = 800;

    private final long seed;
    private final Random random;
    private final SimulatedNetwork net;
    private final List<SimulatedMember> everyone = new ArrayList<>();
    private List<List<SimulatedMember>> partitions = new ArrayList<>();
    private final Map<UuidAddress, Long> lastNumber = new HashMap<>();
    /** Pairs (sender, receiver) in one view now. */
    private final Set<List<UuidAddress>> together = new HashSet<>();
    private final Map<List<UuidAddress>, Integer> session = new HashMap<>();
    /** Per pair: number -> the session it was sent in, in sending order. */
    private final Map<List<UuidAddress>, Map<Long, Integer>> sent = new HashMap<>();
    private final StringBuilder schedule = new StringBuilder();
    private int nextName;

    ChurnScenario(long seed) {
        this.seed = seed;
        this.random = new Random(seed);
        this.net = new SimulatedNetwork(seed, DeliveryConfig.fast()).faults(0.1, 0.05, 0.2, true)
                .holdFramesOnCutLinks();
    }

    /** Runs the schedule and the quiet period, then asserts the guarantees; failures name seed and schedule. */
    void runAndCheck() {
        List<SimulatedMember> first = new ArrayList<>();
        for (int i = 0; i < MEMBERS; i++) {
            first.add(join());
        }
        partitions.add(first);
        installViews();
        for (int step = 0; step < BUSY_STEPS; step++) {
            double event = random.nextDouble();
            if (event < 0.02) {
                crashOne(step);
            } else if (event < 0.04 && partitions.size() == 1) {
                split(step);
            } else if (event < 0.06 && partitions.size() > 1) {
                heal(step);
            }
            sendSome();
            net.step();
        }
        if (partitions.size() > 1) {
            heal(BUSY_STEPS);
        }
        net.run(QUIET_STEPS);
        check();
    }

    private SimulatedMember join() {
        SimulatedMember member = net.add("m" + nextName++);
        everyone.add(member);
        return member;
    }

    private void crashOne(int step) {
        List<SimulatedMember> alive = partitions.stream().flatMap(List::stream).toList();
        if (alive.size() <= 2) {
            return;
        }
        SimulatedMember victim = alive.get(random.nextInt(alive.size()));
        net.crash(victim);
        SimulatedMember replacement = join();
        for (List<SimulatedMember> partition : partitions) {
            if (partition.remove(victim)) {
                partition.add(replacement);
            }
        }
        log(step, "crash " + victim + ", " + replacement + " joins in its place");
        installViews();
    }

    private void split(int step) {
        List<SimulatedMember> all = partitions.get(0);
        List<SimulatedMember> left = new ArrayList<>();
        List<SimulatedMember> right = new ArrayList<>();
        for (SimulatedMember member : all) {
            (random.nextBoolean() ? left : right).add(member);
        }
        if (left.isEmpty() || right.isEmpty()) {
            return;
        }
        partitions = new ArrayList<>(List.of(left, right));
        for (SimulatedMember a : left) {
            right.forEach(b -> net.cut(a, b));
        }
        log(step, "partition " + left + " | " + right);
        installViews();
    }

    private void heal(int step) {
        List<SimulatedMember> all = new ArrayList<>();
        partitions.forEach(all::addAll);
        partitions = new ArrayList<>(List.of(all));
        net.healLinks();
        log(step, "heal " + all);
        installViews();
    }

    private void installViews() {
        Set<List<UuidAddress>> now = new HashSet<>();
        for (List<SimulatedMember> partition : partitions) {
            net.installView(partition);
            for (SimulatedMember a : partition) {
                for (SimulatedMember b : partition) {
                    if (a != b) {
                        now.add(List.of(a.address(), b.address()));
                    }
                }
            }
        }
        for (List<UuidAddress> pair : now) {
            if (!together.contains(pair)) {
                session.merge(pair, 1, Integer::sum);
            }
        }
        together.clear();
        together.addAll(now);
    }

    private void sendSome() {
        for (List<SimulatedMember> partition : partitions) {
            for (SimulatedMember from : partition) {
                for (SimulatedMember to : partition) {
                    if (from != to && random.nextDouble() < 0.3) {
                        long number = lastNumber.merge(from.address(), 1L, Long::sum);
                        if (from.send(to, number)) {
                            List<UuidAddress> pair = List.of(from.address(), to.address());
                            sent.computeIfAbsent(pair, k -> new java.util.LinkedHashMap<>()).put(number, session.get(pair));
                        }
                    }
                }
            }
        }
    }

    private void check() {
        String context = "seed " + seed + ", schedule:\n" + schedule;
        for (List<SimulatedMember> partition : partitions) {
            for (SimulatedMember receiver : partition) {
                for (SimulatedMember sender : everyone) {
                    if (sender != receiver) {
                        checkPair(sender, receiver, context);
                    }
                }
            }
        }
    }

    private void checkPair(SimulatedMember sender, SimulatedMember receiver, String context) {
        List<UuidAddress> pair = List.of(sender.address(), receiver.address());
        String what = sender + " -> " + receiver + "; " + context;
        List<Long> delivered = receiver.numbersFrom(sender);
        Map<Long, Integer> sentNumbers = sent.getOrDefault(pair, Map.of());
        assertThat(delivered).as("FIFO without duplicates, " + what).isSorted().doesNotHaveDuplicates();
        assertThat(sentNumbers.keySet()).as("only what was sent, " + what).containsAll(delivered);
        Integer lastSession = together.contains(pair) ? session.get(pair) : null;
        Map<Integer, List<Long>> sentBySession = new HashMap<>();
        sentNumbers.forEach((n, s) -> sentBySession.computeIfAbsent(s, k -> new ArrayList<>()).add(n));
        sentBySession.forEach((s, numbers) -> {
            List<Long> got = delivered.stream().filter(numbers::contains).toList();
            if (s.equals(lastSession)) {
                assertThat(got).as("no loss in the last session " + s + ", " + what).isEqualTo(numbers);
            } else {
                assertThat(got).as("a prefix of session " + s + ", " + what).isEqualTo(numbers.subList(0, got.size()));
            }
        });
    }

    private void log(int step, String event) {
        schedule.append("  step ").append(step).append(": ").append(event).append('\n');
    }
}
