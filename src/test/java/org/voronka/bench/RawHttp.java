package org.voronka.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A minimal blocking HTTP/1.1 client with one keep-alive connection per thread. The load driver
 * uses it instead of java.net.http.HttpClient, whose selector thread and hand-offs between
 * threads add milliseconds per request on a small, busy machine and would be measured as server
 * latency.
 */
final class RawHttp {

    record Response(int status, String body) {}

    private final String host;
    private final int port;
    private final String credentials;
    private final ThreadLocal<Socket> socket = new ThreadLocal<>();
    private final ThreadLocal<InputStream> in = new ThreadLocal<>();

    /** {@code credentials} is a whole header line: a bearer token for the API, the session cookie for the pages. */
    private RawHttp(String base, String credentials) {
        URI uri = URI.create(base);
        this.host = uri.getHost();
        this.port = uri.getPort();
        this.credentials = credentials;
    }

    /** A client of the API. */
    static RawHttp withToken(String base, String token) {
        return new RawHttp(base, "Authorization: Bearer " + token);
    }

    /** A client of the web pages, signed in with a session cookie ({@code name=value}). */
    static RawHttp withCookie(String base, String cookie) {
        return new RawHttp(base, "Cookie: " + cookie);
    }

    /** {@code target} is a path with query, or an absolute URL on the same server. */
    Response send(String method, String target, String body) throws IOException {
        return send(method, target, body, "application/json", "");
    }

    /** {@code headers}: extra header lines, each ending with CRLF. */
    Response send(String method, String target, String body, String contentType, String headers) throws IOException {
        if (target.startsWith("http")) {
            URI u = URI.create(target.replace("[", "%5B").replace("]", "%5D"));
            target = u.getRawPath() + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery());
        }
        target = target.replace("[", "%5B").replace("]", "%5D");
        byte[] payload = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder(256).append(method).append(' ').append(target).append(" HTTP/1.1\r\n")
                .append("Host: ").append(host).append(':').append(port).append("\r\n")
                .append(credentials).append("\r\n").append(headers);
        if (body != null) {
            head.append("Content-Type: ").append(contentType).append("\r\nContent-Length: ").append(payload.length).append("\r\n");
        }
        head.append("\r\n");
        for (int attempt = 0; ; attempt++) {
            try {
                Socket s = connection();
                OutputStream out = s.getOutputStream();
                out.write(head.toString().getBytes(StandardCharsets.UTF_8));
                out.write(payload);
                out.flush();
                return read(in.get());
            } catch (IOException e) {
                close();
                if (attempt > 0) {
                    throw e;
                }
            }
        }
    }

    private Socket connection() throws IOException {
        Socket s = socket.get();
        if (s == null || s.isClosed()) {
            s = new Socket(host, port);
            s.setTcpNoDelay(true);
            socket.set(s);
            in.set(new BufferedInputStream(s.getInputStream(), 1 << 16));
        }
        return s;
    }

    void close() {
        Socket s = socket.get();
        if (s != null) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        socket.remove();
        in.remove();
    }

    private Response read(InputStream is) throws IOException {
        String status = line(is);
        if (status == null) {
            throw new IOException("connection closed");
        }
        int code = Integer.parseInt(status.substring(9, 12));
        long length = -1;
        boolean chunked = false;
        boolean closeAfter = false;
        for (String h = line(is); h != null && !h.isEmpty(); h = line(is)) {
            String lower = h.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-length:")) {
                length = Long.parseLong(h.substring(15).trim());
            } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                chunked = true;
            } else if (lower.startsWith("connection:") && lower.contains("close")) {
                closeAfter = true;
            }
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if (chunked) {
            while (true) {
                String size = line(is);
                int n = Integer.parseInt(size.split(";")[0].trim(), 16);
                if (n == 0) {
                    line(is);
                    break;
                }
                body.write(is.readNBytes(n));
                line(is);
            }
        } else if (length > 0) {
            body.write(is.readNBytes((int) length));
        }
        if (closeAfter) {
            close();
        }
        return new Response(code, body.toString(StandardCharsets.UTF_8));
    }

    private static String line(InputStream is) throws IOException {
        StringBuilder sb = new StringBuilder();
        int c;
        while ((c = is.read()) != -1) {
            if (c == '\n') {
                int len = sb.length();
                return len > 0 && sb.charAt(len - 1) == '\r' ? sb.substring(0, len - 1) : sb.toString();
            }
            sb.append((char) c);
        }
        return sb.length() == 0 ? null : sb.toString();
    }
}
