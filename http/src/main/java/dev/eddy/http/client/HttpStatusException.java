package dev.eddy.http.client;

/**
 * A response whose status is not 2xx, turned into an error because the caller asked for it
 * ({@link ClientResponse#throwIfError()} or {@link ClientRequest.Builder#errorForStatus()}).
 * By default a 404 or 500 is an ordinary response: the server answered, and what that
 * answer means is the caller's business. The response (body included) is attached.
 */
public class HttpStatusException extends RuntimeException {

    private final transient ClientResponse response;

    /**
     * An exception carrying a non-2xx {@code response}.
     *
     * @param response the response; its status, reason and URL make the message
     */
    public HttpStatusException(ClientResponse response) {
        super("HTTP " + response.status() + " " + response.reason() + " from " + response.url());
        this.response = response;
    }

    /**
     * The response that was not 2xx, its body included.
     *
     * @return the response
     */
    public ClientResponse response() {
        return response;
    }

    /**
     * The status of the response.
     *
     * @return the response's status
     */
    public int status() {
        return response.status();
    }
}
