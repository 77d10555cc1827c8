package dev.eddy.http.client;

/**
 * A response whose status is not 2xx, turned into an error because the caller asked for it
 * ({@link ClientResponse#throwIfError()} or {@link ClientRequest.Builder#errorForStatus()}).
 * By default a 404 or 500 is an ordinary response: the server answered, and what that
 * answer means is the caller's business. The response (body included) is attached.
 */
public class HttpStatusException extends RuntimeException {

    private final transient ClientResponse response;

    public HttpStatusException(ClientResponse response) {
        super("HTTP " + response.status() + " " + response.reason() + " from " + response.url());
        this.response = response;
    }

    public ClientResponse response() {
        return response;
    }

    public int status() {
        return response.status();
    }
}
