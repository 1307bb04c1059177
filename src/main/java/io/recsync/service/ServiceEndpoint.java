package io.recsync.service;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.recsync.config.ServiceSettings;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * {@code /health} and {@code /metrics} over the JDK's own HTTP server: two read-only GET endpoints
 * need no servlet container (no dependency, a few ms to start, one thread), and recsync does not
 * run as a Spring Boot web application.
 *
 * <p>{@code /metrics} answers whatever the {@code metrics} supplier returns, in the Prometheus text
 * format: this is the one seam through which a metrics registry is served.
 */
public final class ServiceEndpoint implements AutoCloseable {

    public static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final HttpServer server;
    private final ExecutorService threads;

    private ServiceEndpoint(HttpServer server, ExecutorService threads) {
        this.server = server;
        this.threads = threads;
    }

    /**
     * @param metrics the body of {@code /metrics} (Prometheus text format)
     * @throws IOException when the address cannot be bound (in use, not local)
     */
    public static ServiceEndpoint start(ServiceSettings.HostPort listen, ServiceStatus status, BooleanSupplier lockHeld,
            Supplier<String> metrics) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(listen.host(), listen.port()), 16);
        ExecutorService threads = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "recsync-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(threads);
        server.createContext("/health", ex -> {
            if (refusedMethod(ex)) {
                return;
            }
            String body = status.healthJson(lockHeld.getAsBoolean()) + "\n";
            send(ex, status.healthy() ? 200 : 503, "application/json; charset=utf-8", body);
        });
        server.createContext("/metrics", ex -> {
            if (refusedMethod(ex)) {
                return;
            }
            String body;
            try {
                body = metrics.get();
            } catch (RuntimeException e) {
                send(ex, 500, "text/plain; charset=utf-8", "metrics unavailable: " + e.getMessage() + "\n");
                return;
            }
            send(ex, 200, PROMETHEUS_TEXT, body);
        });
        server.createContext("/", ex -> {
            if (!refusedMethod(ex)) {
                send(ex, 404, "text/plain; charset=utf-8", "recsync serves /health and /metrics\n");
            }
        });
        server.start();
        return new ServiceEndpoint(server, threads);
    }

    /** The address actually bound (the port when 0 was asked). */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    private static boolean refusedMethod(HttpExchange ex) throws IOException {
        String m = ex.getRequestMethod();
        if (m.equals("GET") || m.equals("HEAD")) {
            return false;
        }
        ex.getResponseHeaders().set("Allow", "GET, HEAD");
        send(ex, 405, "text/plain; charset=utf-8", "only GET\n");
        return true;
    }

    private static void send(HttpExchange ex, int code, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        boolean head = ex.getRequestMethod().equals("HEAD");
        ex.sendResponseHeaders(code, head ? -1 : bytes.length);
        if (!head) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        }
        ex.close();
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
