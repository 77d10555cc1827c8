package dev.eddy.http.client;

/**
 * A fetch was redirected more often than its limit allows (a loop, usually). The last
 * redirect response is attached, so a caller can see where it was being sent.
 */
public class TooManyRedirectsException extends RuntimeException {

    private final transient ClientResponse lastResponse;

    /**
     * An exception for a fetch that hit its redirect limit.
     *
     * @param message says how many redirects were followed
     * @param lastResponse the last redirect response received
     */
    public TooManyRedirectsException(String message, ClientResponse lastResponse) {
        super(message);
        this.lastResponse = lastResponse;
    }

    /**
     * The last redirect response received.
     *
     * @return the response, whose Location says where the next redirect would have gone
     */
    public ClientResponse lastResponse() {
        return lastResponse;
    }
}
