package io.xsite.it;

/** The transport contract over a tunnel through one xsite router. */
class TunnelThroughOneXsiteRouterContractTest extends XsiteRouterTunnelContract {
    TunnelThroughOneXsiteRouterContractTest() {
        super(1);
    }
}
