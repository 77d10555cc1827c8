package dev.eddy.http;

/**
 * A header in which a proxy tells the server who its client was. Which ones a server reads,
 * and in which order, is part of its {@link TrustedProxies}: read only the ones your proxy
 * sets, because a proxy passes the headers it does not set through unchanged, just as the
 * client wrote them.
 */
public enum ProxyHeader {

    /**
     * {@code X-Forwarded-For: client, proxy1, proxy2}: each proxy appends the address it
     * received the request from (nginx's {@code $proxy_add_x_forwarded_for}, HAProxy's
     * {@code option forwardfor}). The scheme comes from {@code X-Forwarded-Proto}.
     */
    X_FORWARDED_FOR("X-Forwarded-For"),

    /**
     * {@code X-Real-IP: client}: one address, set (not appended) by the proxy, nginx's
     * {@code proxy_set_header X-Real-IP $remote_addr}. The scheme comes from
     * {@code X-Forwarded-Proto}.
     */
    X_REAL_IP("X-Real-IP"),

    /**
     * RFC 7239 {@code Forwarded: for=192.0.2.60;proto=https, for="[2001:db8::1]:4711"}: each
     * proxy appends an element naming the address it received the request from and the
     * scheme it was received over.
     */
    FORWARDED("Forwarded");

    private final String headerName;

    ProxyHeader(String headerName) {
        this.headerName = headerName;
    }

    /**
     * The header's name as it is usually written.
     *
     * @return {@code X-Forwarded-For}, {@code X-Real-IP} or {@code Forwarded}
     */
    public String headerName() {
        return headerName;
    }
}
