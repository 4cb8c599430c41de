package io.xsite.it;

/** The transport contract over a tunnel through two xsite routers, every member registered with both. */
class TunnelThroughTwoXsiteRoutersContractTest extends XsiteRouterTunnelContract {
    TunnelThroughTwoXsiteRoutersContractTest() {
        super(2);
    }
}
