/**
 * Programs that use xsite as a library. A module, so that they compile against what the xsite modules export and
 * nothing else: what these examples need is the public API.
 */
module io.xsite.examples {
    requires transitive io.xsite.grid;

    exports io.xsite.examples;
}
