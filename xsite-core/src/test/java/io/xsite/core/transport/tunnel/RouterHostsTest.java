package io.xsite.core.transport.tunnel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RouterHostsTest {

    @Test
    void parsesTheTunnelInitialHostsSyntax() {
        assertThat(RouterHosts.parse("load-balancer-1[12001],load-balancer-2[12001]")).containsExactly(
                unresolved("load-balancer-1", 12001), unresolved("load-balancer-2", 12001));
    }

    @Test
    void parsesHostColonPortAndBracketedIpv6() {
        assertThat(RouterHosts.parse("10.0.0.5:12001, [::1]:12002 ,fe80::1[12003]")).containsExactly(
                unresolved("10.0.0.5", 12001), unresolved("::1", 12002), unresolved("fe80::1", 12003));
    }

    @Test
    void toleratesAJavaListToStringAroundTheEntries() {
        assertThat(RouterHosts.parse("[router-a[12001], router-b[12001]]")).containsExactly(
                unresolved("router-a", 12001), unresolved("router-b", 12001));
    }

    @Test
    void collapsesDuplicatesKeepingTheFirstOrder() {
        assertThat(RouterHosts.parse("b[2],a[1],b:2,a[1]")).containsExactly(unresolved("b", 2), unresolved("a", 1));
    }

    @Test
    void leavesHostsUnresolvedSoThatEachConnectLooksThemUpAgain() {
        assertThat(RouterHosts.parse("localhost[12001]")).allMatch(InetSocketAddress::isUnresolved);
    }

    @Test
    void formatsRoutersAsHostColonPort() {
        assertThat(RouterHosts.format(unresolved("::1", 12001))).isEqualTo("[::1]:12001");
        assertThat(RouterHosts.format(unresolved("router-a", 12001))).isEqualTo("router-a:12001");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "a[1],,            | entry 2 ''        | empty",
        "router-a          | 'router-a'        | no port",
        "router-a[port]    | 'router-a[port]'  | 'port' is not a number",
        "router-a[70000]   | 'router-a[70000]' | 70000 is not from 1 to 65535",
        "router-a:0        | 'router-a:0'      | 0 is not from 1 to 65535",
        "[12001]           | '[12001]'         | host is missing",
        "::1:12001         | '::1:12001'       | needs brackets",
        "[::1]12001        | '[::1]12001'      | followed by ':port'",
        "router a[12001]   | 'router a[12001]' | contains ' '",
    })
    void rejectsAMalformedEntryNamingItTheProblemAndAGoodExample(String hosts, String names, String problem) {
        assertThatThrownBy(() -> RouterHosts.parse(hosts))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(names)
                .hasMessageContaining(problem)
                .hasMessageContaining("router-a[12001],router-b[12001]");
    }

    @Test
    void rejectsAnEmptyList() {
        assertThatThrownBy(() -> RouterHosts.parse("  ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("empty").hasMessageContaining("router-a[12001],router-b[12001]");
    }

    /** Any list written in any mix of the accepted forms parses back to its routers, deduplicated, in order. */
    @Property
    void everyWrittenListParsesBackToItsRouters(@ForAll("routers") @Size(min = 1, max = 6) List<Written> routers,
                                                @ForAll boolean listBrackets) {
        String joined = String.join(",", routers.stream().map(Written::text).toList());
        String hosts = listBrackets ? "[" + joined + "]" : joined;

        List<InetSocketAddress> expected = new ArrayList<>(
                new LinkedHashSet<>(routers.stream().map(Written::router).toList()));
        assertThat(RouterHosts.parse(hosts)).containsExactlyElementsOf(expected);
    }

    /** One router entry as text, in one of the accepted forms, with stray whitespace. */
    record Written(InetSocketAddress router, String text) {
    }

    @Provide
    Arbitrary<List<Written>> routers() {
        Arbitrary<String> names = Arbitraries.strings().withChars("abcxyz019.-_").ofMinLength(1).ofMaxLength(12);
        Arbitrary<String> ipv6 = Arbitraries.of("::1", "fe80::1", "2001:db8::5", "fe80::1%eth0");
        Arbitrary<Integer> ports = Arbitraries.oneOf(Arbitraries.integers().between(1, 65535),
                Arbitraries.of(12001));
        Arbitrary<String> spaces = Arbitraries.of("", " ", "\t", "  ");
        Arbitrary<Written> v4OrName = Combinators.combine(names, ports, Arbitraries.of(true, false), spaces)
                .as((host, port, brackets, pad) -> new Written(unresolved(host, port),
                        pad + (brackets ? host + "[" + port + "]" : host + ":" + port) + pad));
        Arbitrary<Written> v6 = Combinators.combine(ipv6, ports, Arbitraries.of(true, false), spaces)
                .as((host, port, brackets, pad) -> new Written(unresolved(host, port),
                        pad + (brackets ? host + "[" + port + "]" : "[" + host + "]:" + port) + pad));
        return Arbitraries.oneOf(v4OrName, v6).list();
    }

    /** Whatever the malformed port, the error names the entry and shows a good example. */
    @Property
    void aBadPortIsRejectedWithTheEntryNamed(@ForAll("badPorts") String port) {
        String entry = "router-a[" + port + "]";
        assertThatThrownBy(() -> RouterHosts.parse("router-b[12001]," + entry))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("entry 2 '" + entry.strip() + "'")
                .hasMessageContaining("router-a[12001],router-b[12001]");
    }

    @Provide
    Arbitrary<String> badPorts() {
        return Arbitraries.oneOf(Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(6),
                Arbitraries.integers().between(65536, Integer.MAX_VALUE).map(String::valueOf),
                Arbitraries.of("0", "-1", "", "1.5", "12 001"));
    }

    private static InetSocketAddress unresolved(String host, int port) {
        return InetSocketAddress.createUnresolved(host, port);
    }
}
