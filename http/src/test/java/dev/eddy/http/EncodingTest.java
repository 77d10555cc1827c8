package dev.eddy.http;

import dev.eddy.http.internal.DateCache;
import dev.eddy.http.internal.OutputBuffer;
import dev.eddy.http.internal.StatusLines;
import dev.eddy.http.wire.HttpHeaders;
import dev.eddy.http.wire.HttpLimits;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EncodingTest {

    @Test
    void dateLineIsFormattedOncePerSecond() {
        AtomicLong millis = new AtomicLong(1_764_000_000_000L);
        DateCache cache = new DateCache(millis::get);
        byte[] first = cache.dateLine();
        assertThat(new String(first)).isEqualTo("Date: Mon, 24 Nov 2025 16:00:00 GMT\r\n");
        millis.addAndGet(999);
        assertThat(cache.dateLine()).isSameAs(first);
        millis.addAndGet(1);
        assertThat(new String(cache.dateLine())).isEqualTo("Date: Mon, 24 Nov 2025 16:00:01 GMT\r\n");
    }

    @Test
    void responseHeadCarriesTheServersFramingOnly() {
        OutputBuffer out = new OutputBuffer(16);
        HttpHeaders h = HttpHeaders.of("Content-Type", "text/plain", "Content-Length", "999",
                "Transfer-Encoding", "gzip", "Connection", "upgrade");
        ResponseHeadEncoder.encode(out, 200, null, h, 5, 1, "Date: X\r\n".getBytes());
        assertThat(out.toString()).isEqualTo("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nDate: X\r\n"
                + "Content-Length: 5\r\nConnection: close\r\n\r\n");
        out.clear();
        ResponseHeadEncoder.encode(out, 299, null, HttpHeaders.of("Date", "mine"), ResponseHeadEncoder.CHUNKED, 2, "Date: X\r\n".getBytes());
        assertThat(out.toString()).isEqualTo("HTTP/1.1 299 \r\nDate: mine\r\nTransfer-Encoding: chunked\r\n"
                + "Connection: keep-alive\r\n\r\n");
    }

    @Test
    void chunkFraming() {
        OutputBuffer out = new OutputBuffer(4);
        ResponseHeadEncoder.chunkHeader(out, 255);
        ResponseHeadEncoder.lastChunk(out, HttpHeaders.of("X-Sum", "1"));
        assertThat(out.toString()).isEqualTo("ff\r\n0\r\nX-Sum: 1\r\n\r\n");
        out.clear();
        out.putDecimal(0).putDecimal(1234567890123L).putHex(0);
        assertThat(out.toString()).isEqualTo("012345678901230");
        out.discard(3);
        assertThat(out.toString()).isEqualTo("345678901230");
    }

    @Test
    void statusLines() {
        assertThat(new String(StatusLines.line(404))).isEqualTo("HTTP/1.1 404 Not Found\r\n");
        assertThat(StatusLines.forbidsBody(204)).isTrue();
        assertThat(StatusLines.forbidsBody(200)).isFalse();
        assertThatThrownBy(() -> StatusLines.line(600)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HttpLimits(0, 1, 1, 1, 1, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
