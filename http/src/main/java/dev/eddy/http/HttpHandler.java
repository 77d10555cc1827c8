package dev.eddy.http;

import dev.eddy.Future;

/**
 * What the server calls for every request: a function from the request to a future of the
 * response. A handler that knows the answer at once returns a finished future
 * ({@link HttpRequest#respond}); one that must ask a database first returns the future of
 * that work; a coroutine returns its own future, so it can {@code await} a backend and then
 * respond, reading top to bottom.
 *
 * <p>Runs on the connection's loop thread: never block in it. If it throws, or its future
 * fails, the client gets a 500 (the exception is logged, never sent) and the server carries
 * on.
 */
@FunctionalInterface
public interface HttpHandler {

    /**
     * Answers one request; called on the connection's loop thread.
     *
     * @param request the request, its head complete and its body not yet read
     * @return a future completing with the response, or failing (the client then gets a 500)
     * @throws Exception when the handler fails at once; the client gets a 500
     */
    Future<HttpResponse> handle(HttpRequest request) throws Exception;
}
