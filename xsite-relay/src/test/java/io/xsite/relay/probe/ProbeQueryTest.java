package io.xsite.relay.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.netty.handler.codec.http.QueryStringDecoder;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The parameters of {@code /probe}, as the admin endpoint decodes them and as the CLI writes them. */
class ProbeQueryTest {

    @Test
    void noParametersMeanNoKeysTheSiteAndTheDefaultTimeout() {
        assertThat(ProbeQuery.fromParameters(Map.of()))
                .isEqualTo(new ProbeQuery(Set.of(), ProbeQuery.Scope.SITE, ProbeQuery.DEFAULT_TIMEOUT));
    }

    @Test
    void keysMayBeCommaSeparatedRepeatedAndInAnyCase() {
        ProbeQuery query = ProbeQuery.fromParameters(Map.of("keys", List.of("metrics,VIEW", "topology,"),
                "scope", List.of("ALL"), "timeout", List.of("750")));

        assertThat(query.keys()).containsExactly(ProbeKey.VIEW, ProbeKey.METRICS, ProbeKey.TOPOLOGY);
        assertThat(query.scope()).isEqualTo(ProbeQuery.Scope.ALL);
        assertThat(query.timeout()).isEqualTo(Duration.ofMillis(750));
    }

    @Test
    void theUriDecodesBackToTheSameQuery() {
        for (ProbeQuery query : List.of(new ProbeQuery(EnumSet.allOf(ProbeKey.class), ProbeQuery.Scope.ALL,
                Duration.ofSeconds(3)), new ProbeQuery(Set.of(), ProbeQuery.Scope.SITE, Duration.ofMillis(1)))) {
            String uri = query.uri("localhost", 8080).toString();

            assertThat(uri).startsWith("http://localhost:8080/probe?");
            assertThat(ProbeQuery.fromParameters(new QueryStringDecoder(uri).parameters())).isEqualTo(query);
        }
        assertThat(new ProbeQuery(Set.of(ProbeKey.VIEW), ProbeQuery.Scope.SITE, Duration.ofSeconds(2)).uri("::1", 80))
                .hasToString("http://[::1]:80/probe?keys=view&scope=site&timeout=2000");
    }

    @Test
    void everyProblemNamesTheParameter() {
        assertThatIllegalArgumentException().isThrownBy(() -> ProbeQuery.fromParameters(Map.of("keys", List.of("dump"))))
                .withMessage("unknown probe key 'dump'; keys are view, version, metrics, topology");
        assertThatIllegalArgumentException().isThrownBy(() -> ProbeQuery.fromParameters(Map.of("scope", List.of("x"))))
                .withMessage("scope 'x' is neither site nor all");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ProbeQuery.fromParameters(Map.of("scope", List.of("all", "site"))))
                .withMessage("parameter 'scope' given 2 times");
        assertThatIllegalArgumentException().isThrownBy(() -> ProbeQuery.fromParameters(Map.of("timeout", List.of("2s"))))
                .withMessageContaining("timeout '2s' is not a number of milliseconds");
        assertThatIllegalArgumentException().isThrownBy(() -> ProbeQuery.fromParameters(Map.of("timeout", List.of("0"))))
                .withMessageContaining("timeout must be positive");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ProbeQuery.fromParameters(Map.of("timeout", List.of("600000"))))
                .withMessageContaining("at most 60s");
        assertThatIllegalArgumentException().isThrownBy(() -> ProbeQuery.fromParameters(Map.of("key", List.of("view"))))
                .withMessageStartingWith("unknown parameter 'key'");
    }
}
