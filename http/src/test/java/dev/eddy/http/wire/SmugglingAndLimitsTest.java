package dev.eddy.http.wire;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static dev.eddy.http.wire.RequestParserTest.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;

/** Every input the issue lists as a smuggling risk or a limit, with its status code. */
class SmugglingAndLimitsTest {

    private static final String H = "Host: a\r\n";

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "CL and TE              | POST / HTTP/1.1\\r\\nHost: a\\r\\nContent-Length: 5\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n | 400",
            "TE and CL              | POST / HTTP/1.1\\r\\nHost: a\\r\\nTransfer-Encoding: chunked\\r\\nContent-Length: 5\\r\\n\\r\\n | 400",
            "differing CL lines     | POST / HTTP/1.1\\r\\nHost: a\\r\\nContent-Length: 5\\r\\nContent-Length: 6\\r\\n\\r\\n | 400",
            "differing CL list      | POST / HTTP/1.1\\r\\nHost: a\\r\\nContent-Length: 5, 6\\r\\n\\r\\n | 400",
            "CL with sign           | POST / HTTP/1.1\\r\\nHost: a\\r\\nContent-Length: +5\\r\\n\\r\\n | 400",
            "CL negative            | POST / HTTP/1.1\\r\\nHost: a\\r\\nContent-Length: -1\\r\\n\\r\\n | 400",
            "CL hex                 | POST / HTTP/1.1\\r\\nHost: a\\r\\nContent-Length: 0x5\\r\\n\\r\\n | 400",
            "CL empty               | POST / HTTP/1.1\\r\\nHost: a\\r\\nContent-Length:\\r\\n\\r\\n | 400",
            "CL overflow            | POST / HTTP/1.1\\r\\nHost: a\\r\\nContent-Length: 99999999999999999999\\r\\n\\r\\n | 400",
            "TE gzip                | POST / HTTP/1.1\\r\\nHost: a\\r\\nTransfer-Encoding: gzip\\r\\n\\r\\n | 501",
            "TE chunked then gzip   | POST / HTTP/1.1\\r\\nHost: a\\r\\nTransfer-Encoding: chunked, gzip\\r\\n\\r\\n | 501",
            "TE chunked twice       | POST / HTTP/1.1\\r\\nHost: a\\r\\nTransfer-Encoding: chunked, chunked\\r\\n\\r\\n | 400",
            "TE two lines           | POST / HTTP/1.1\\r\\nHost: a\\r\\nTransfer-Encoding: chunked\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n | 400",
            "TE chunkedx            | POST / HTTP/1.1\\r\\nHost: a\\r\\nTransfer-Encoding: chunkedx\\r\\n\\r\\n | 501",
            "TE empty element       | POST / HTTP/1.1\\r\\nHost: a\\r\\nTransfer-Encoding: ,chunked\\r\\n\\r\\n | 400",
            "TE in HTTP/1.0         | POST / HTTP/1.0\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n | 400",
            "obs-fold               | GET / HTTP/1.1\\r\\nHost: a\\r\\nX-A: b\\r\\n c\\r\\n\\r\\n | 400",
            "space before colon     | GET / HTTP/1.1\\r\\nHost: a\\r\\nContent-Length : 5\\r\\n\\r\\n | 400",
            "tab before colon       | GET / HTTP/1.1\\r\\nHost: a\\r\\nX-A\\t: b\\r\\n\\r\\n | 400",
            "bare CR in value       | GET / HTTP/1.1\\r\\nHost: a\\r\\nX-A: b\\rc\\r\\n\\r\\n | 400",
            "bare LF in value       | GET / HTTP/1.1\\r\\nHost: a\\r\\nX-A: b\\nX-B: c\\r\\n\\r\\n | 400",
            "bare LF line end       | GET / HTTP/1.1\\nHost: a\\r\\n\\r\\n | 400",
            "bare CR request line   | GET / HTTP/1.1\\rHost: a\\r\\n\\r\\n | 400",
            "NUL in value           | GET / HTTP/1.1\\r\\nHost: a\\r\\nX-A: b\\u0000c\\r\\n\\r\\n | 400",
            "invalid name char      | GET / HTTP/1.1\\r\\nHost: a\\r\\nX(A): b\\r\\n\\r\\n | 400",
            "empty name             | GET / HTTP/1.1\\r\\nHost: a\\r\\n: b\\r\\n\\r\\n | 400",
            "space at start         | GET / HTTP/1.1\\r\\n Host: a\\r\\n\\r\\n | 400",
            "missing host           | GET / HTTP/1.1\\r\\n\\r\\n | 400",
            "two hosts              | GET / HTTP/1.1\\r\\nHost: a\\r\\nHost: b\\r\\n\\r\\n | 400",
            "two spaces             | GET  / HTTP/1.1\\r\\nHost: a\\r\\n\\r\\n | 400",
            "control in target      | GET /a\\u0001b HTTP/1.1\\r\\nHost: a\\r\\n\\r\\n | 400",
            "relative target        | GET a/b HTTP/1.1\\r\\nHost: a\\r\\n\\r\\n | 400",
            "lower-case version     | GET / http/1.1\\r\\nHost: a\\r\\n\\r\\n | 400",
            "no version             | GET /\\r\\nHost: a\\r\\n\\r\\n | 400",
            "version 2.0            | GET / HTTP/2.0\\r\\nHost: a\\r\\n\\r\\n | 505",
            "version 1.2            | GET / HTTP/1.2\\r\\nHost: a\\r\\n\\r\\n | 505",
            "version 0.9            | GET / HTTP/0.9\\r\\nHost: a\\r\\n\\r\\n | 505",
            "CONNECT                | CONNECT a:443 HTTP/1.1\\r\\nHost: a\\r\\n\\r\\n | 501",
    })
    void refused(String name, String request, int status) {
        assertStatus(unescape(request), status);
    }

    @ParameterizedTest(name = "chunk size {0}")
    @CsvSource(delimiter = '|', value = {
            "g                | g\\r\\n",
            "negative         | -1\\r\\n",
            "hex prefix       | 0x5\\r\\n",
            "space after      | 5 \\r\\n",
            "space before     | \\u00205\\r\\n",
            "empty            | \\r\\n",
            "bare LF          | 5\\nhello\\r\\n",
            "overflow         | 10000000000000000\\r\\n",
            "long overflow    | ffffffffffffffffffff\\r\\n",
            "data too long    | 5\\r\\nhello!\\r\\n",
            "bare CR in ext   | 5;a\\rb\\r\\n",
    })
    void invalidChunkFraming(String name, String chunk) {
        assertStatus("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n" + unescape(chunk) + "0\r\n\r\n", 400);
    }

    @Test
    void requestLineOverTheLimitIs414() {
        HttpLimits limits = HttpLimits.defaults().withMaxRequestLineBytes(64);
        String request = "GET /" + "a".repeat(100) + " HTTP/1.1\r\nHost: a\r\n\r\n";
        assertThat(WireTestSupport.parse(limits, WireTestSupport.bytes(request)).error().status()).isEqualTo(414);
        String ok = "GET /" + "a".repeat(40) + " HTTP/1.1\r\nHost: a\r\n\r\n";
        assertThat(WireTestSupport.parse(limits, WireTestSupport.bytes(ok)).error()).isNull();
    }

    @Test
    void headerBytesAndCountOverTheLimitAre431() {
        HttpLimits limits = HttpLimits.defaults().withMaxHeaderBytes(200).withMaxHeaderCount(5);
        String big = "GET / HTTP/1.1\r\nHost: a\r\nX-Big: " + "b".repeat(300) + "\r\n\r\n";
        assertThat(WireTestSupport.parse(limits, WireTestSupport.bytes(big)).error().status()).isEqualTo(431);
        String many = "GET / HTTP/1.1\r\nHost: a\r\n" + "X-A: 1\r\n".repeat(5) + "\r\n";
        assertThat(WireTestSupport.parse(limits, WireTestSupport.bytes(many)).error().status()).isEqualTo(431);
        String fits = "GET / HTTP/1.1\r\nHost: a\r\n" + "X-A: 1\r\n".repeat(4) + "\r\n";
        assertThat(WireTestSupport.parse(limits, WireTestSupport.bytes(fits)).error()).isNull();
    }

    @Test
    void chunkedBodyOverTheLimitIs413() {
        HttpLimits limits = HttpLimits.defaults().withMaxBodyBytes(10);
        String request = "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n6\r\nhello \r\n6\r\nworld!\r\n0\r\n\r\n";
        assertThat(WireTestSupport.parse(limits, WireTestSupport.bytes(request)).error().status()).isEqualTo(413);
    }

    @Test
    void trailersAreReadAndBounded() {
        String request = "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nx\r\n0\r\nX-Sum: 1\r\n\r\n";
        WireTestSupport.Outcome ok = WireTestSupport.parse(request);
        assertThat(ok.error()).isNull();
        HttpLimits limits = HttpLimits.defaults().withMaxTrailerBytes(16);
        String big = "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nx\r\n0\r\nX-Sum: " + "1".repeat(40) + "\r\n\r\n";
        assertThat(WireTestSupport.parse(limits, WireTestSupport.bytes(big)).error().status()).isEqualTo(431);
    }

    @Test
    void chunkedDecoderKeepsTrailers() throws Exception {
        ChunkedDecoder d = new ChunkedDecoder(HttpLimits.defaults());
        java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(WireTestSupport.bytes("3\r\nabc\r\n0\r\nX-Sum: 7\r\n\r\nNEXT"));
        assertThat(d.read(in)).isEqualTo(3);
        in.position(in.position() + 3);
        assertThat(d.read(in)).isEqualTo(-1);
        assertThat(d.isDone()).isTrue();
        assertThat(d.bodyBytes()).isEqualTo(3);
        assertThat(d.trailers().get("x-sum")).isEqualTo("7");
        assertThat(in.remaining()).isEqualTo(4);   // the next message is untouched
    }

    static String unescape(String s) {
        return s.trim().replace("\\r", "\r").replace("\\n", "\n").replace("\\t", "\t")
                .replace("\\u0000", "\u0000").replace("\\u0001", "\u0001").replace("\\u0020", " ");
    }
}
