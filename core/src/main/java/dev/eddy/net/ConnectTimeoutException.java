package dev.eddy.net;

import dev.eddy.TimeoutException;

/**
 * {@link TcpClient#connect} did not finish (name resolution and TCP handshake together)
 * within its deadline. Distinct from {@link ConnectionRefusedException}: a refusal is
 * an answer ("nobody listens there"), a timeout is silence (a full backlog, a firewall
 * dropping packets, an overloaded host), and callers usually react differently.
 */
public class ConnectTimeoutException extends TimeoutException {

    /**
     * An exception saying {@code message}.
     *
     * @param message says which address did not answer and within what time
     */
    public ConnectTimeoutException(String message) {
        super(message);
    }
}
