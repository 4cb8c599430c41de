package io.xsite.relay.internal.topology;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.xsite.wire.address.UuidAddress;
import io.xsite.relay.topology.SiteView;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code /topology} document: this member, then every site that is up with its members (name,
 * address, physical address, whether site master) and its site masters.
 */
public final class TopologyJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private TopologyJson() {
    }

    /** Renders the topology {@code sites} as seen by {@code self}. */
    public static String render(UuidAddress self, Map<String, SiteView> sites) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("site", self.site());
        json.put("member", self.name());
        json.put("sites", sites.values().stream().map(TopologyJson::describe).toList());
        try {
            return JSON.writeValueAsString(json);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * One site of the document, as a JSON object's fields: name, version, site masters' names and members
     * (name, address, physical address, whether site master); for documents that show sites too (the live page).
     */
    public static Map<String, Object> describe(SiteView view) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("site", view.site());
        json.put("version", view.version());
        json.put("siteMasters", view.siteMasters().stream().map(UuidAddress::name).toList());
        List<Map<String, Object>> members = view.members().stream().map(member -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("name", member.name());
            entry.put("address", member.address().uuid().toString());
            entry.put("physical", member.physical());
            entry.put("siteMaster", view.siteMasters().contains(member.address()));
            return entry;
        }).toList();
        json.put("members", members);
        return json;
    }
}
