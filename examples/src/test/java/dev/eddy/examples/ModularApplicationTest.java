package dev.eddy.examples;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * eddy-core and eddy-http are named modules: a small modular application that
 * {@code requires dev.eddy.http} compiles against them on the module path and runs there
 * (an HTTP server and client on one loop, a coroutine awaiting the fetch), and the packages
 * the modules keep to themselves cannot be used.
 *
 * <p>The modules are taken from this test's own class path (the reactor's jars or class
 * folders), recognised by their module descriptors.
 */
class ModularApplicationTest {

    private static final String APP_MODULE = """
            module app {
                requires dev.eddy.http;
            }
            """;

    private static final String APP_MAIN = """
            package app;

            import dev.eddy.IOLoop;
            import dev.eddy.gen.Coroutine;
            import dev.eddy.http.HttpResponse;
            import dev.eddy.http.HttpServer;
            import dev.eddy.http.Router;
            import dev.eddy.http.client.ClientResponse;
            import dev.eddy.http.client.HttpClient;

            import java.net.InetSocketAddress;
            import java.time.Duration;

            public final class Main {
                public static void main(String[] args) throws Exception {
                    try (IOLoop loop = new IOLoop()) {
                        HttpServer server = new HttpServer(new Router()
                                .get("/hello", r -> r.respond(HttpResponse.text(200, "hello from a module"))));
                        int port = server.listen(loop, new InetSocketAddress("127.0.0.1", 0)).getPort();
                        HttpClient client = new HttpClient(loop);
                        String body = loop.runSync(() -> Coroutine.async(loop, () -> {
                            ClientResponse r = Coroutine.await(client.fetch("http://127.0.0.1:" + port + "/hello"));
                            return r.bodyText() + " (" + Main.class.getModule().getName()
                                    + " using " + IOLoop.class.getModule().getName() + ")";
                        }), Duration.ofSeconds(10));
                        System.out.println(body);
                    }
                }
            }
            """;

    /** The class path entries that are Eddy's named modules (core and http), found by their descriptors. */
    private static String modulePath() {
        List<String> modules = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            try {
                for (ModuleReference m : ModuleFinder.of(Path.of(entry)).findAll()) {
                    if (!m.descriptor().isAutomatic() && m.descriptor().name().startsWith("dev.eddy.")) {
                        modules.add(entry);
                    }
                }
            } catch (RuntimeException notAModule) {
                // a class folder or jar that is no module at all (test classes, say)
            }
        }
        assertThat(modules).as("eddy-core and eddy-http on the test class path").hasSize(2);
        return String.join(File.pathSeparator, modules);
    }

    private static String compile(Path src, Path out, String modulePath) throws IOException {
        // an explicit (empty) class path: without one, the compiler in this JVM falls back to the test's
        // class path, where the test jars' packages sit in the unnamed module and hide the modules' own
        // (JDK 25's javac then reports "declared in the unnamed module" instead of "does not export")
        Files.createDirectories(out);
        List<String> args = new ArrayList<>(List.of("--release", "17", "--module-path", modulePath,
                "--class-path", out.toString(), "-d", out.toString()));
        try (var files = Files.walk(src)) {
            files.filter(f -> f.toString().endsWith(".java")).forEach(f -> args.add(f.toString()));
        }
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        int status = ToolProvider.getSystemJavaCompiler().run(null, diagnostics, diagnostics, args.toArray(String[]::new));
        String text = diagnostics.toString(StandardCharsets.UTF_8);
        return status == 0 ? null : text;
    }

    /**
     * Writes the application's module (its module-info and {@code file}, a path below src,
     * holding {@code source}) into {@code dir} and compiles it into {@code dir/out}.
     *
     * @return the compiler's errors, or null when it compiled
     */
    private static String compileApp(Path dir, String file, String source, String modulePath) throws IOException {
        Path src = dir.resolve("src");
        write(src.resolve("module-info.java"), APP_MODULE);
        write(src.resolve(file), source);
        return compile(src, dir.resolve("out"), modulePath);
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    @Test
    void aModularApplicationRequiresDevEddyHttpAndRuns(@TempDir Path dir) throws Exception {
        String modulePath = modulePath();
        Path out = dir.resolve("out");
        assertThat(compileApp(dir, "app/Main.java", APP_MAIN, modulePath)).as("compiler output").isNull();

        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "--module-path", modulePath + File.pathSeparator + out,
                "-m", "app/app.Main").redirectErrorStream(true).start();
        try {
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the application finished").isTrue();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.exitValue()).as(output).isZero();
            assertThat(output).contains("hello from a module (app using dev.eddy.core)");
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void whatTheModulesKeepToThemselvesCannotBeUsed(@TempDir Path dir) throws Exception {
        String errors = compileApp(dir, "app/Internal.java", """
                package app;

                public final class Internal {
                    public static void use() {
                        dev.eddy.internal.SafeLog.load();
                    }
                }
                """, modulePath());
        assertThat(errors).as("compiling against an unexported package fails")
                .isNotNull()
                .contains("dev.eddy.internal")
                .contains("does not export");
    }

    @Test
    void theHttpModulesByteHelpersAreNotApi(@TempDir Path dir) throws Exception {
        String errors = compileApp(dir, "app/Helpers.java", """
                package app;

                public final class Helpers {
                    public static boolean use() {
                        return dev.eddy.http.internal.Ascii.isToken("GET");
                    }
                }
                """, modulePath());
        assertThat(errors).as("compiling against dev.eddy.http.internal fails")
                .isNotNull()
                .contains("dev.eddy.http.internal")
                .contains("does not export");
    }
}
