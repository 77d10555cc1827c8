package dev.eddy.http.client;

/**
 * A fetch was redirected more often than its limit allows (a loop, usually). The last
 * redirect response is attached, so a caller can see where it was being sent.
 */
public class TooManyRedirectsException extends RuntimeException {

    private final transient ClientResponse lastResponse;

    public TooManyRedirectsException(String message, ClientResponse lastResponse) {
        super(message);
        this.lastResponse = lastResponse;
    }

    public ClientResponse lastResponse() {
        return lastResponse;
    }
}
