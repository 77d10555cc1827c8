package dev.eddy.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Threshold;

/**
 * {@code dev.eddy.HttpRequest}: one exchange on an Eddy HTTP server, from the parsed request
 * head to the last byte of the response handed to the connection: method, path, status and
 * how long it took. The server begins one per request only while
 * {@link Flight#httpRequestsRecorded()} is true, so a server nobody records allocates nothing for it.
 *
 * <p>Only requests that took 20 ms or more are written unless a recording says otherwise
 * ({@code jcmd <pid> JFR.start +dev.eddy.HttpRequest#threshold=0ms} writes every one): as
 * for the JDK's own socket events, a default recording must stay cheap on a server that
 * answers a hundred thousand requests a second.
 *
 * <p>It lives here, in the core, beside the other Eddy events, so one package lists every
 * event Eddy records. Only touched once {@link Flight#active()}.
 */
@Name("dev.eddy.HttpRequest")
@Category("Eddy")
@Label("HTTP Request")
@Description("A request served by an Eddy HTTP server, from its parsed head to its complete response")
@Threshold("20 ms")
@StackTrace(false)
public final class HttpRequestEvent extends Event {

    /** The request method, e.g. "GET". */
    @Label("Method")
    public String method;

    /** The request path, without the query. */
    @Label("Path")
    public String path;

    /** The response's status code. */
    @Label("Status")
    public int status;

    /** An event to begin when the request head is parsed. */
    public HttpRequestEvent() {
    }
}
