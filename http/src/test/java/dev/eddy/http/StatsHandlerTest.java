package dev.eddy.http;

import dev.eddy.IOLoop;
import dev.eddy.LatencyHistogram;
import dev.eddy.LoopOptions;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class StatsHandlerTest {

    /** A loop name with every character the two formats must escape. */
    private static final String ODD_NAME = "odd \"loop\" \\ with\na newline\tand a tab";

    @Test
    void servesJsonByDefaultAndPrometheusWhenAskedOrScraped() throws Exception {
        StatsHandler stats = new StatsHandler();
        try (ServerFixture f = new ServerFixture(new Router().get("/stats", stats)
                .get("/hello", r -> r.respond(HttpResponse.text(200, "hi"))));
             RawClient c = f.client()) {
            stats.includeLoops(List.of(f.loop())).includeServer("api", f.server);
            assertThat(c.get("/hello").status()).isEqualTo(200);

            RawClient.Response json = c.get("/stats");
            assertThat(json.status()).isEqualTo(200);
            assertThat(json.header("content-type")).isEqualTo("application/json");
            @SuppressWarnings("unchecked")
            Map<String, Object> body = (Map<String, Object>) MiniJson.parse(json.text());
            Map<String, Object> loop = only(body.get("loops"));
            assertThat(loop.get("name")).isEqualTo("http-test-0");
            assertThat((Long) loop.get("callbacksRun")).isPositive();
            assertThat((Long) loop.get("ioEvents")).isPositive();
            assertThat(loop).containsKeys("iterations", "timersRun", "timersPending", "callbacksPending",
                    "selectNanos", "busyNanos", "worstTimerLagNanos", "blockedEpisodes");
            @SuppressWarnings("unchecked")
            Map<String, Object> busy = (Map<String, Object>) loop.get("iterationBusy");
            assertThat(busy).containsKeys("count", "sumNanos", "p50Nanos", "p90Nanos", "p99Nanos", "p999Nanos");
            Map<String, Object> server = only(body.get("servers"));
            assertThat(server.get("name")).isEqualTo("api");
            assertThat(server.get("requests")).as("/hello and this one").isEqualTo(2L);
            assertThat(server.get("responses2xx")).as("this response is not sent yet").isEqualTo(1L);
            assertThat(server.get("openConnections")).isEqualTo(1L);

            RawClient.Response asked = c.get("/stats?format=prometheus");
            assertThat(asked.header("content-type")).isEqualTo("text/plain; version=0.0.4; charset=utf-8");
            assertThat(asked.text()).contains("eddy_http_requests_total{server=\"api\"} 3\n");

            for (String accept : new String[] {"text/plain;version=0.0.4",
                "application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5,*/*;q=0.1"}) {
                c.send("GET /stats HTTP/1.1\r\nHost: test\r\nAccept: " + accept + "\r\n\r\n");
                RawClient.Response scraped = c.read();
                assertThat(scraped.header("content-type")).as(accept).startsWith("text/plain; version=0.0.4");
                assertThat(scraped.text()).startsWith("# HELP ");
            }
            assertThat(c.get("/stats?format=json").header("content-type")).isEqualTo("application/json");
        }
    }

    @Test
    void jsonEscapesNames() throws Exception {
        try (IOLoop loop = new IOLoop(LoopOptions.defaults().withName(ODD_NAME + "\u0001"))) {
            String json = new StatsHandler().includeLoops(List.of(loop)).json();
            @SuppressWarnings("unchecked")
            Map<String, Object> body = (Map<String, Object>) MiniJson.parse(json);
            assertThat(only(body.get("loops")).get("name")).isEqualTo(ODD_NAME + "\u0001");
            assertThat(body.get("servers")).isEqualTo(List.of());
        }
    }

    @Test
    void prometheusTextIsWellFormedWithHelpAndTypeBeforeEverySampleAndEscapedLabels() throws Exception {
        StatsHandler stats = new StatsHandler();
        try (IOLoop odd = new IOLoop(LoopOptions.defaults().withName(ODD_NAME));
             ServerFixture f = new ServerFixture(new Router().get("/stats", stats));
             RawClient c = f.client()) {
            stats.includeLoops(List.of(f.loop(), odd)).includeServer("a \"server\"", f.server);
            c.get("/stats");
            String text = c.get("/stats?format=prometheus").text();
            Exposition e = Exposition.parse(text);

            assertThat(e.types).containsEntry("eddy_loop_callbacks_total", "counter")
                    .containsEntry("eddy_loop_callbacks_pending", "gauge")
                    .containsEntry("eddy_loop_timer_lag_seconds", "histogram")
                    .containsEntry("eddy_loop_iteration_busy_seconds", "histogram")
                    .containsEntry("eddy_http_responses_total", "counter");
            e.types.forEach((name, type) -> {
                if (type.equals("counter")) {
                    assertThat(name).endsWith("_total");
                }
            });
            assertThat(e.values("eddy_loop_iterations_total", "loop"))
                    .containsOnlyKeys("http-test-0", ODD_NAME);
            assertThat(e.values("eddy_http_requests_total", "server")).containsEntry("a \"server\"", 2.0);
            assertThat(e.samples).anySatisfy(s -> {
                assertThat(s.name).isEqualTo("eddy_http_responses_total");
                assertThat(s.labels).containsEntry("code", "2xx");
                assertThat(s.value).isEqualTo(1.0);
            });

            // a histogram: one cumulative bucket per bound, +Inf last and equal to _count
            for (String loop : List.of("http-test-0", ODD_NAME)) {
                List<Sample> buckets = e.samples.stream()
                        .filter(s -> s.name.equals("eddy_loop_iteration_busy_seconds_bucket")
                                && s.labels.get("loop").equals(loop)).toList();
                assertThat(buckets).hasSize(LatencyHistogram.BUCKETS);
                for (int i = 1; i < buckets.size(); i++) {
                    assertThat(buckets.get(i).value).isGreaterThanOrEqualTo(buckets.get(i - 1).value);
                    if (i < buckets.size() - 1) {
                        assertThat(Double.parseDouble(buckets.get(i).labels.get("le")))
                                .isGreaterThan(Double.parseDouble(buckets.get(i - 1).labels.get("le")));
                    }
                }
                assertThat(buckets.get(buckets.size() - 1).labels.get("le")).isEqualTo("+Inf");
                assertThat(buckets.get(buckets.size() - 1).value)
                        .isEqualTo(e.values("eddy_loop_iteration_busy_seconds_count", "loop").get(loop));
                assertThat(e.values("eddy_loop_iteration_busy_seconds_sum", "loop")).containsKey(loop);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> only(Object list) {
        assertThat((List<Object>) list).hasSize(1);
        return (Map<String, Object>) ((List<Object>) list).get(0);
    }

    /** One sample line. */
    record Sample(String name, Map<String, String> labels, double value) {
    }

    /**
     * The text exposition format read strictly: every line a HELP, a TYPE or a sample; a
     * family's HELP and TYPE come before its samples; label values unescaped.
     */
    static final class Exposition {
        private static final Pattern SAMPLE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\{(.*)} (\\S+)");
        private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"(,|$)");
        final Map<String, String> types = new LinkedHashMap<>();
        final List<Sample> samples = new ArrayList<>();

        static Exposition parse(String text) {
            Exposition e = new Exposition();
            Set<String> helped = new HashSet<>();
            assertThat(text).endsWith("\n");
            for (String line : text.split("\n")) {
                if (line.startsWith("# HELP ")) {
                    String name = line.substring(7, line.indexOf(' ', 7));
                    assertThat(helped.add(name)).as("one HELP for " + name).isTrue();
                    assertThat(e.types).as("HELP before TYPE for " + name).doesNotContainKey(name);
                    continue;
                }
                if (line.startsWith("# TYPE ")) {
                    String[] parts = line.split(" ");
                    assertThat(parts).hasSize(4);
                    assertThat(helped).as("HELP before TYPE").contains(parts[2]);
                    assertThat(parts[3]).isIn("counter", "gauge", "histogram");
                    e.types.put(parts[2], parts[3]);
                    continue;
                }
                Matcher m = SAMPLE.matcher(line);
                assertThat(m.matches()).as("a sample line: " + line).isTrue();
                String name = m.group(1);
                String family = name.replaceFirst("_(bucket|sum|count)$", "");
                assertThat(e.types).as("TYPE before the samples of " + name)
                        .containsKey(e.types.containsKey(name) ? name : family);
                e.samples.add(new Sample(name, labels(m.group(2)), Double.parseDouble(m.group(3))));
            }
            return e;
        }

        private static Map<String, String> labels(String text) {
            Map<String, String> labels = new HashMap<>();
            Matcher m = LABEL.matcher(text);
            int at = 0;
            while (at < text.length()) {
                assertThat(m.find(at) && m.start() == at).as("labels: " + text).isTrue();
                labels.put(m.group(1), unescape(m.group(2)));
                at = m.end();
            }
            return labels;
        }

        private static String unescape(String v) {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < v.length(); i++) {
                char c = v.charAt(i);
                if (c != '\\') {
                    assertThat(c).as("a raw newline in a label value").isNotEqualTo('\n');
                    b.append(c);
                    continue;
                }
                char e = v.charAt(++i);
                b.append(e == 'n' ? '\n' : e);
            }
            return b.toString();
        }

        /** The values of one metric, by the value of {@code label}. */
        Map<String, Double> values(String name, String label) {
            Map<String, Double> byLabel = new HashMap<>();
            for (Sample s : samples) {
                if (s.name.equals(name)) {
                    byLabel.put(s.labels.get(label), s.value);
                }
            }
            return byLabel;
        }
    }
}
