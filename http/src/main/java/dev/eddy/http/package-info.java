/**
 * The HTTP/1.1 server (and, beside it, the client in {@code dev.eddy.http.client}).
 *
 * <p>What is API: the public types. The package-private ones are how a connection is served,
 * free to change.
 *
 * <p>Start with the API a handler sees: {@link dev.eddy.http.HttpHandler},
 * {@link dev.eddy.http.HttpRequest}, {@link dev.eddy.http.RequestBody},
 * {@link dev.eddy.http.HttpResponse}, {@link dev.eddy.http.body.BodyWriter},
 * {@link dev.eddy.http.Router}. Then how it is served: {@link dev.eddy.http.HttpServer}
 * accepts (through {@code dev.eddy.net.TcpServer}), {@code HttpConnection} is the per-connection
 * state machine on the loop (its states and their arrows are drawn in {@code ConnectionState}),
 * and a request goes down a chain of parts: {@code ConnectionInput} (reading, held bytes),
 * {@code ServerExchange} (the handler's call and answer), {@code HandlerBodyReads} and
 * {@code BodyReader} (the request body), {@code ResponseWriter} and {@code ResponseBodyWriter}
 * (the response), {@code ConnectionOutput} (the writes); {@code ConnectionDeadline} keeps the
 * timeouts and {@code ConnectionEnding} the ways out. {@code ServerOnLoop} is what the
 * server keeps on each loop. The bytes themselves are parsed and encoded in
 * {@link dev.eddy.http.wire}. The chapter is docs/05-http-on-the-loop.md.
 */
package dev.eddy.http;
