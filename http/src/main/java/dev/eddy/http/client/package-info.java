/**
 * The HTTP/1.1 client: {@link dev.eddy.http.client.HttpClient#fetch} returns a Future of a
 * {@link dev.eddy.http.client.ClientResponse}, with connections pooled and reused per origin.
 *
 * <p>What is API: the public types; the package-private ones are the machinery behind a fetch.
 *
 * <p>Start reading at {@link dev.eddy.http.client.HttpClient}, then
 * {@link dev.eddy.http.client.ClientRequest} (what you send). Inside: {@code FetchTask} (one
 * fetch: timeout, retry, redirects) asks {@code ConnectionPool} (limits, FIFO queue, idle
 * expiry) for a {@code ClientConnection} and runs an {@code Exchange} on it (the response state
 * machine), which sends with {@code RequestWriter} and decodes gzip with {@code ContentDecoder}.
 * The wire format (response head parser, chunked decoder, headers) is shared with the server
 * in {@link dev.eddy.http.wire}. The textbook chapter is docs/06-talking-to-lots-of-things.md.
 */
package dev.eddy.http.client;
