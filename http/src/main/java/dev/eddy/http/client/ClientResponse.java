package dev.eddy.http.client;

import dev.eddy.http.wire.HttpHeaders;

import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * What a fetch returns: the final response after redirects, with its body in memory
 * (already decoded when it was gzip/deflate), or empty when the body was streamed to a
 * {@link dev.eddy.http.body.BodyConsumer}. A non-2xx status is a response like any other; call
 * {@link #throwIfError()} to treat it as an error.
 *
 * @param status    the status code
 * @param reason    the reason phrase as the server sent it
 * @param headers   the response headers (names lower case)
 * @param body      the body bytes (decoded); empty for streamed, HEAD, 204 and 304 responses
 * @param trailers  the trailer fields of a chunked body; empty when there were none
 * @param url       the URL that gave this response (after redirects)
 * @param redirects how many redirects were followed to get here
 */
public record ClientResponse(int status, String reason, HttpHeaders headers, byte[] body,
                             HttpHeaders trailers, URI url, int redirects) {

    /**
     * The first value of a header, or null.
     *
     * @param name the header name, any case
     * @return the header's first value, or null when the response has none
     */
    public String header(String name) {
        return headers.get(name);
    }

    /**
     * True for 2xx.
     *
     * @return whether the status is 200-299
     */
    public boolean isSuccess() {
        return status >= 200 && status < 300;
    }

    /**
     * Returns this response when it is 2xx, else throws {@link HttpStatusException} carrying it.
     *
     * @return this response
     */
    public ClientResponse throwIfError() {
        if (!isSuccess()) {
            throw new HttpStatusException(this);
        }
        return this;
    }

    /**
     * The body as text, in the Content-Type's charset (UTF-8 when it names none or an unknown one).
     *
     * @return the body decoded as text
     */
    public String bodyText() {
        return new String(body, charset());
    }

    private Charset charset() {
        String ct = headers.get("content-type");
        if (ct != null) {
            int i = ct.toLowerCase(Locale.ROOT).indexOf("charset=");
            if (i >= 0) {
                String name = ct.substring(i + 8).split("[;\\s]", 2)[0].replace("\"", "");
                try {
                    return Charset.forName(name);
                } catch (RuntimeException e) {
                    return StandardCharsets.UTF_8;
                }
            }
        }
        return StandardCharsets.UTF_8;
    }

    @Override
    public String toString() {
        return "ClientResponse[" + status + " " + reason + ", " + body.length + " bytes, " + url + "]";
    }
}
