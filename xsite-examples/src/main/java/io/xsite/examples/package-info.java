/**
 * Small programs that use xsite as a library, as README.md's "Use it in your application" shows them: each
 * class holds, between {@code tag::readme[]} and {@code end::readme[]}, the code the README prints, and a
 * {@code main} that runs it. The tests of this module run every one of them on loopback.
 */
package io.xsite.examples;
