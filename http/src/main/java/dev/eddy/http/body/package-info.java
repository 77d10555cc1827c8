/**
 * Bodies in pieces, the same two types on both sides of HTTP: {@link dev.eddy.http.body.BodyWriter}
 * is a body you send in pieces (a server's streamed response, a client's streamed request), and
 * {@link dev.eddy.http.body.BodyConsumer} takes a body you receive in pieces, pushed to it as it
 * arrives (a client's streamed response). A server handler pulls its request body instead,
 * through {@code dev.eddy.http.RequestBody}, because it is called before the body arrives and
 * decides whether to read it at all.
 *
 * <p>The package exists so that the server ({@code dev.eddy.http}) and the client
 * ({@code dev.eddy.http.client}) share these types without depending on each other; it depends
 * only on the core's {@code Future} and on {@link dev.eddy.http.wire.HttpHeaders}.
 */
package dev.eddy.http.body;
