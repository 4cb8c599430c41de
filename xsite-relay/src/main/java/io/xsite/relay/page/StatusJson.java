package io.xsite.relay.page;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.xsite.wire.address.UuidAddress;
import io.xsite.core.membership.View;
import io.xsite.core.transport.tunnel.RouterHosts;
import io.xsite.relay.topology.SiteView;
import io.xsite.relay.internal.topology.TopologyJson;
import java.io.UncheckedIOException;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code /status} document of the live page, one line of JSON (also the data of each event on
 * {@code /events}):
 *
 * <pre>{@code
 * {"site":"nyc","member":"nyc2",
 *  "view":{"id":"nyc1:nyc#4","coordinator":"nyc1","members":["nyc1","nyc2","nyc3"]},
 *  "sites":[{"site":"nyc","version":..,"siteMasters":["nyc1"],"members":[{"name":"nyc1",...}]}, ...],
 *  "routers":[{"bridge":"bridge","address":"10.0.0.7:12001","connected":true}]}
 * }</pre>
 *
 * Sites in name order, each as {@code /topology} describes it ({@link TopologyJson#describe}); {@code view} is
 * null before the node joined.
 */
public final class StatusJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private StatusJson() {
    }

    /** Renders {@code status} as one line. */
    public static String render(NodeStatus status) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("site", status.site());
        json.put("member", status.member());
        json.put("view", status.view().map(StatusJson::view).orElse(null));
        json.put("sites", status.sites().values().stream().sorted(Comparator.comparing(SiteView::site))
                .map(TopologyJson::describe).toList());
        json.put("routers", status.routers().stream().map(router -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("bridge", router.bridge());
            entry.put("address", RouterHosts.format(router.router()));
            entry.put("connected", router.connected());
            return entry;
        }).toList());
        try {
            return JSON.writeValueAsString(json);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, Object> view(View view) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", view.id().toString());
        json.put("coordinator", view.coordinator().name());
        json.put("members", view.members().stream().map(UuidAddress::name).toList());
        return json;
    }
}
