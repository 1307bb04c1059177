package io.recsync.peers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real browser for tests: Debian's {@code chromium}, headless, driven over the DevTools protocol
 * with the JDK's own WebSocket client (no Selenium, no driver, no browser download). It records
 * what a person would see in the console (exceptions, console errors, log errors) and every
 * request the page makes, evaluates JavaScript in the page and takes screenshots.
 */
public final class HeadlessChromium implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern LISTENING = Pattern.compile("DevTools listening on (ws://\\S+)");

    private final Process process;
    private final StringBuffer stderr = new StringBuffer();
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final List<JsonNode> events = new CopyOnWriteArrayList<>();

    /** The browser's binary: {@code CHROMIUM} if set, else Debian's {@code /usr/bin/chromium}. Fails when missing. */
    public static Path binary() {
        String given = System.getenv("CHROMIUM");
        Path p = Path.of(given != null && !given.isBlank() ? given : "/usr/bin/chromium");
        if (!Files.isExecutable(p)) {
            throw new AssertionError("no chromium binary at " + p + ": install it with 'apt-get install -y chromium'"
                    + " (.ci/run installs it when missing), or set CHROMIUM to a Chromium binary");
        }
        return p;
    }

    /** Starts a headless browser with a fresh profile in {@code userDataDir} (an empty folder). */
    public static HeadlessChromium start(Path userDataDir) throws Exception {
        List<String> command = List.of(binary().toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-extensions", "--hide-scrollbars", "--user-data-dir=" + userDataDir,
                "--remote-debugging-port=0", "--remote-allow-origins=*", "--window-size=1280,1000", "about:blank");
        Process p = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            return new HeadlessChromium(p);
        } catch (Exception | Error e) {
            kill(p);
            throw e;
        }
    }

    private HeadlessChromium(Process p) throws Exception {
        this.process = p;
        CompletableFuture<String> browserUrl = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null;) {
                    stderr.append(line).append('\n');
                    Matcher m = LISTENING.matcher(line);
                    if (m.find()) {
                        browserUrl.complete(m.group(1));
                    }
                }
            } catch (IOException ignored) {
                // the browser ended
            }
            browserUrl.completeExceptionally(new IllegalStateException("chromium ended before it listened"));
        }, "chromium-stderr");
        reader.setDaemon(true);
        reader.start();
        String ws;
        try {
            ws = browserUrl.get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("chromium did not start its DevTools endpoint within 30 s: " + e + "\n" + stderr, e);
        }
        // The page target the browser opened (about:blank): its own WebSocket endpoint.
        URI browser = URI.create(ws);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        String pageWs = null;
        for (int i = 0; i < 50 && pageWs == null; i++) {
            HttpResponse<String> list = http.send(HttpRequest.newBuilder(
                    URI.create("http://" + browser.getHost() + ":" + browser.getPort() + "/json/list")).build(),
                    HttpResponse.BodyHandlers.ofString());
            for (JsonNode t : JSON.readTree(list.body())) {
                if ("page".equals(t.path("type").asText())) {
                    pageWs = t.get("webSocketDebuggerUrl").asText();
                    break;
                }
            }
            if (pageWs == null) {
                Thread.sleep(100);
            }
        }
        if (pageWs == null) {
            throw new AssertionError("chromium opened no page target\n" + stderr);
        }
        socket = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                .buildAsync(URI.create(pageWs), new Listener()).get(10, TimeUnit.SECONDS);
        send("Runtime.enable", null);
        send("Log.enable", null);
        send("Page.enable", null);
        send("Network.enable", null);
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder message = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            message.append(data);
            if (last) {
                String text = message.toString();
                message.setLength(0);
                try {
                    JsonNode m = JSON.readTree(text);
                    if (m.has("id")) {
                        CompletableFuture<JsonNode> f = pending.remove(m.get("id").asInt());
                        if (f != null) {
                            f.complete(m);
                        }
                    } else {
                        events.add(m);
                    }
                } catch (IOException e) {
                    stderr.append("unreadable DevTools message: ").append(e).append('\n');
                }
            }
            ws.request(1);
            return null;
        }
    }

    /** Sends one DevTools command and waits for its result; a protocol error fails. */
    public JsonNode send(String method, ObjectNode params) throws Exception {
        int id = ids.incrementAndGet();
        ObjectNode m = JSON.createObjectNode();
        m.put("id", id);
        m.put("method", method);
        m.set("params", params == null ? JSON.createObjectNode() : params);
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, answer);
        socket.sendText(m.toString(), true).get(10, TimeUnit.SECONDS);
        JsonNode r = answer.get(30, TimeUnit.SECONDS);
        if (r.has("error")) {
            throw new AssertionError(method + " failed: " + r.get("error"));
        }
        return r.path("result");
    }

    /** Loads {@code file} from disk and waits for its load event (and 'idle' network) . */
    public void open(Path file) throws Exception {
        int before = events.size();
        ObjectNode p = JSON.createObjectNode();
        p.put("url", file.toUri().toString());
        JsonNode nav = send("Page.navigate", p);
        if (nav.hasNonNull("errorText")) {
            throw new AssertionError("cannot open " + file + ": " + nav.get("errorText"));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        // A stream of the list itself reads one snapshot; a subList of a CopyOnWriteArrayList fails
        // (ConcurrentModificationException) when an event arrives while it is read.
        while (events.stream().skip(before).noneMatch(e -> "Page.loadEventFired".equals(e.path("method").asText()))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no load event within 30 s for " + file);
            }
            Thread.sleep(20);
        }
    }

    /** Evaluates {@code expression} in the page; its value, or a failure with the page's exception. */
    public JsonNode evaluate(String expression) throws Exception {
        ObjectNode p = JSON.createObjectNode();
        p.put("expression", expression);
        p.put("returnByValue", true);
        p.put("awaitPromise", true);
        JsonNode r = send("Runtime.evaluate", p);
        if (r.has("exceptionDetails")) {
            throw new AssertionError("evaluating " + expression + " threw: " + r.get("exceptionDetails"));
        }
        return r.path("result").path("value");
    }

    /** What the console showed as errors: uncaught exceptions, console.error calls, log entries of level error. */
    public List<String> consoleErrors() {
        List<String> out = new ArrayList<>();
        for (JsonNode e : events) {
            JsonNode params = e.path("params");
            switch (e.path("method").asText()) {
                case "Runtime.exceptionThrown" -> out.add("exception: " + params.path("exceptionDetails").path("text").asText()
                        + " " + params.path("exceptionDetails").path("exception").path("description").asText());
                case "Runtime.consoleAPICalled" -> {
                    if ("error".equals(params.path("type").asText())) {
                        out.add("console.error: " + params.path("args"));
                    }
                }
                case "Log.entryAdded" -> {
                    if ("error".equals(params.path("entry").path("level").asText())) {
                        out.add("log: " + params.path("entry").path("text").asText() + " "
                                + params.path("entry").path("url").asText());
                    }
                }
                default -> { }
            }
        }
        return out;
    }

    /** Every URL the page asked for (the page itself included). */
    public List<String> requestedUrls() {
        return events.stream().filter(e -> "Network.requestWillBeSent".equals(e.path("method").asText()))
                .map(e -> e.path("params").path("request").path("url").asText()).toList();
    }

    /** A PNG of the whole page at 1280 px wide, written to {@code file}. */
    public Path screenshot(Path file) throws Exception {
        int height = Math.min(6000, evaluate("Math.ceil(document.documentElement.scrollHeight)").asInt(1000));
        ObjectNode metrics = JSON.createObjectNode();
        metrics.put("width", 1280);
        metrics.put("height", Math.max(400, height));
        metrics.put("deviceScaleFactor", 1);
        metrics.put("mobile", false);
        send("Emulation.setDeviceMetricsOverride", metrics);
        ObjectNode p = JSON.createObjectNode();
        p.put("format", "png");
        JsonNode shot = send("Page.captureScreenshot", p);
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, Base64.getDecoder().decode(shot.get("data").asText()));
        return file;
    }

    /** What the browser printed on stderr, for a failure message. */
    public String log() {
        return stderr.toString();
    }

    @Override
    public void close() {
        try {
            socket.abort();
        } catch (RuntimeException ignored) {
            // already closed
        }
        kill(process);
    }

    private static void kill(Process p) {
        List<ProcessHandle> children = p.descendants().toList();
        p.destroy();
        try {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        children.forEach(ProcessHandle::destroyForcibly);
    }
}
