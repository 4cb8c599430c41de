package io.xsite.grid.store;

import static java.time.Duration.ofSeconds;
import static org.awaitility.Awaitility.await;

import io.xsite.core.member.Member;
import io.xsite.grid.GridConfig;
import java.util.ArrayList;
import java.util.List;

/** Starts the grid on members the way a site does: once they are in one view, then waits until it settled. */
final class Grids {
    private Grids() {
    }

    /** The grids of {@code members} (a mutable list, in member order), started and balanced. */
    static List<GridStore> start(List<Member> members, GridConfig config) {
        await("one view of " + members.size()).atMost(ofSeconds(30)).until(() -> members.stream()
                .allMatch(m -> m.view() != null && m.view().size() == members.size()));
        List<GridStore> grids = new ArrayList<>();
        members.forEach(m -> grids.add(GridStore.start(m, config)));
        await("the grid settles").atMost(ofSeconds(30)).until(() -> grids.stream().allMatch(GridStore::balanced));
        return grids;
    }
}
