package org.voronka.webhook;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** A local HTTP endpoint that records the webhook requests it gets and answers with a chosen status. */
public final class Receiver implements AutoCloseable {

    public record Request(Map<String, String> headers, String body) {

        /** The form body as ordered, decoded key → value pairs. */
        public Map<String, String> form() {
            Map<String, String> m = new LinkedHashMap<>();
            for (String pair : body.split("&")) {
                int eq = pair.indexOf('=');
                m.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
            return m;
        }

        public String header(String name) {
            return headers.get(name.toLowerCase(java.util.Locale.ROOT));
        }
    }

    private final HttpServer server;
    private final BlockingQueue<Request> requests = new LinkedBlockingQueue<>();
    public final AtomicInteger status = new AtomicInteger(200);

    public Receiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        server.createContext("/", exchange -> {
            Map<String, String> headers = new LinkedHashMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), v.get(0)));
            try (InputStream in = exchange.getRequestBody()) {
                requests.add(new Request(headers, new String(in.readAllBytes(), StandardCharsets.UTF_8)));
            }
            exchange.sendResponseHeaders(status.get(), -1);
            exchange.close();
        });
        server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(8));
        server.start();
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** The next request, waiting up to the timeout; fails when none comes. */
    public Request next(Duration timeout) throws InterruptedException {
        Request r = requests.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (r == null) {
            throw new AssertionError("no webhook request arrived within " + timeout);
        }
        return r;
    }

    /** The next request for the event, skipping others. */
    public Request next(String event, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            Request r = requests.poll(Math.max(1, (end - System.nanoTime()) / 1_000_000), TimeUnit.MILLISECONDS);
            if (r != null && event.equals(r.header("X-Voronka-Event"))) {
                return r;
            }
        }
        throw new AssertionError("no " + event + " request arrived within " + timeout);
    }

    public List<Request> drain() {
        List<Request> list = new ArrayList<>();
        requests.drainTo(list);
        return list;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
