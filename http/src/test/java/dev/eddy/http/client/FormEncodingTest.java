package dev.eddy.http.client;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class FormEncodingTest {

    @Test
    void aSpaceIsPercentTwentyAndReservedCharactersAreEscapedAsUtf8() {
        assertThat(FormEncoding.encode("tornado & eddy")).isEqualTo("tornado%20%26%20eddy");
        assertThat(FormEncoding.encode("é=x/y+z")).isEqualTo("%C3%A9%3Dx%2Fy%2Bz");
    }

    @Test
    void pairsAreJoinedWithAmpersandsInTheMapsOrder() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("b", "2");
        fields.put("a b", "");
        assertThat(new String(FormEncoding.form(fields), StandardCharsets.US_ASCII)).isEqualTo("b=2&a%20b=");
        assertThat(FormEncoding.form(Map.of())).isEmpty();
    }

    @Test
    void parametersGoIntoTheQueryBeforeTheFragment() {
        assertThat(FormEncoding.withQuery(URI.create("http://h/p"), "a=1")).hasToString("http://h/p?a=1");
        assertThat(FormEncoding.withQuery(URI.create("http://h/p?x=1"), "a=1")).hasToString("http://h/p?x=1&a=1");
        assertThat(FormEncoding.withQuery(URI.create("http://h/p?"), "a=1")).hasToString("http://h/p?a=1");
        assertThat(FormEncoding.withQuery(URI.create("http://h/p?x=1#top"), "a=1"))
                .hasToString("http://h/p?x=1&a=1#top");
        assertThat(FormEncoding.withQuery(URI.create("http://h/p#top"), "a=1")).hasToString("http://h/p?a=1#top");
    }
}
