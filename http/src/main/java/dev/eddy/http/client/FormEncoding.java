package dev.eddy.http.client;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The client's side of {@code application/x-www-form-urlencoded}: the parameters
 * {@link ClientRequest.Builder#query} appends to a URL and the bodies
 * {@link ClientRequest.Builder#form} makes. (The server's side, decoding, is
 * {@link dev.eddy.http.UrlEncoded}.)
 *
 * <p>It exists apart from {@link ClientRequest} because the request is a value and its
 * builder, while this is a format with rules of its own: names and values are
 * percent-encoded as UTF-8, and a space becomes {@code %20}, not {@code +} (both mean a
 * space in a form, but only {@code %20} does everywhere in a URL, so one spelling is safe
 * wherever the text ends up); parameters go into the query, before any {@code #fragment}.
 *
 * <p>Stateless; any thread.
 */
final class FormEncoding {

    private FormEncoding() {
    }

    /** Appends {@code name=value}, both encoded, to {@code pairs}, after an {@code &} unless it is the first. */
    static void appendPair(StringBuilder pairs, String name, String value) {
        if (pairs.length() > 0) {
            pairs.append('&');
        }
        pairs.append(encode(name)).append('=').append(encode(value));
    }

    /** A form body of {@code fields}, in the map's order (ASCII bytes, as the format is). */
    static byte[] form(Map<String, String> fields) {
        StringBuilder sb = new StringBuilder();
        fields.forEach((name, value) -> appendPair(sb, name, value));
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** {@code uri} with the encoded {@code pairs} added to its query (kept before its fragment). */
    static URI withQuery(URI uri, CharSequence pairs) {
        String s = uri.toString();
        int hash = s.indexOf('#');
        String fragment = hash < 0 ? "" : s.substring(hash);
        String base = hash < 0 ? s : s.substring(0, hash);
        String sep = uri.getRawQuery() == null ? "?" : uri.getRawQuery().isEmpty() ? "" : "&";
        return URI.create(base + sep + pairs + fragment);
    }

    /** Percent-encodes {@code s} as UTF-8, a space as {@code %20}. */
    static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
