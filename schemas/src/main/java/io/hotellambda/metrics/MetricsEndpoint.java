package io.hotellambda.metrics;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hotellambda.config.Settings;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code GET /metrics} in Prometheus text format for a process without an HTTP server of its own
 * (the speed layer, the archiver, the notifier), on loopback unless configured otherwise. The body
 * is made at each request.
 * <p>
 * It is a small HTTP/1.1 server of its own, one request per connection ({@code Connection: close},
 * which Prometheus handles), so that every request it cannot take gets a problem+json 4xx like the
 * services' ports: the JDK's {@code HttpServer} answered some itself, before any handler, with an
 * HTML page (a {@code Transfer-Encoding} it does not know was a 501). A request line over
 * {@value #MAX_REQUEST_LINE} bytes is a 414, a head over {@value #MAX_HEAD} a 431, a head not in
 * within {@link #READ_TIMEOUT_MILLIS} ms a 408; a request with a body is refused, not read.
 */
public final class MetricsEndpoint
        implements AutoCloseable
{
    /** Where to listen: {@code metrics.host}, {@code metrics.port} (0 picks a free port, -1 serves none). */
    public record Address(String host, int port)
    {
        public Address
        {
            if (port < -1 || port > 65535) {
                throw new IllegalArgumentException("metrics.port[%s] must be -1 (off), 0 (any free port) or a port".formatted(port));
            }
        }

        public static Address load(Settings settings, int defaultPort)
        {
            return new Address(settings.string("metrics.host", "127.0.0.1"), settings.integer("metrics.port", defaultPort));
        }
    }

    static final int MAX_REQUEST_LINE = 4096;
    static final int MAX_HEAD = 8192;
    static final int READ_TIMEOUT_MILLIS = 5000;
    private static final String PROBLEM_TYPE = "application/problem+json";
    private static final Pattern REQUEST_LINE = Pattern.compile("([!#$%&'*+.^_`|~0-9A-Za-z-]+) (/[!-~]*) HTTP/1\\.([01])");
    private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final System.Logger LOG = System.getLogger(MetricsEndpoint.class.getName());

    private final ServerSocket server;
    private final Supplier<String> metrics;
    private final ThreadPoolExecutor handlers;

    private MetricsEndpoint(ServerSocket server, Supplier<String> metrics)
    {
        this.server = server;
        this.metrics = metrics;
        // two at a time; a scrape beyond sixteen waiting ones finds its connection closed
        this.handlers = new ThreadPoolExecutor(2, 2, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(16), runnable -> daemon(runnable, "metrics-endpoint"));
    }

    public static MetricsEndpoint start(String host, int port, Supplier<String> metrics)
    {
        ServerSocket server = null;
        try {
            server = new ServerSocket();
            // this side closes each connection, so a restarted process finds its port's old connections in TIME_WAIT
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(host, port), 16);
            MetricsEndpoint endpoint = new MetricsEndpoint(server, metrics);
            daemon(endpoint::accept, "metrics-endpoint-accept").start();
            return endpoint;
        }
        catch (IOException e) {
            closeQuietly(server);
            throw new UncheckedIOException("cannot serve metrics on %s:%s".formatted(host, port), e);
        }
    }

    public int port()
    {
        return server.getLocalPort();
    }

    @Override
    public void close()
    {
        closeQuietly(server);
        handlers.shutdownNow();
    }

    private void accept()
    {
        while (!server.isClosed()) {
            Socket client;
            try {
                client = server.accept();
            }
            catch (IOException e) {
                // closed (the endpoint is stopping), or out of file descriptors: not a reason to spin
                pause();
                continue;
            }
            try {
                handlers.execute(() -> serve(client));
            }
            catch (RejectedExecutionException e) {
                closeQuietly(client);
            }
        }
    }

    private void serve(Socket client)
    {
        try (client) {
            client.setSoTimeout(READ_TIMEOUT_MILLIS);
            InputStream in = new BufferedInputStream(client.getInputStream(), 1024);
            Optional<Answer> answer;
            try {
                answer = readHead(in).map(this::answer);
            }
            catch (SocketTimeoutException e) {
                answer = Optional.of(Answer.problem(408, "Request Timeout", "the request's head did not arrive within %s s".formatted(READ_TIMEOUT_MILLIS / 1000)));
            }
            catch (TooLong e) {
                answer = Optional.of(e.answer);
            }
            if (answer.isPresent()) {
                OutputStream out = client.getOutputStream();
                out.write(answer.get().bytes());
                out.flush();
                client.shutdownOutput();
                // what the client sent beyond the head (a body refused): read it, so closing does not reset the
                // connection before the answer is read; for a second at most, and at most a MiB
                client.setSoTimeout(1000);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
                byte[] sink = new byte[8192];
                int total = 0;
                for (int read; total < 1 << 20 && System.nanoTime() < deadline && (read = in.read(sink)) > 0; ) {
                    total += read;
                }
            }
        }
        catch (IOException e) {
            // the client went away or stalled after its head: nobody to answer
        }
    }

    /** The head's lines, without their line ends; empty when the client closed before sending one. */
    private static Optional<List<String>> readHead(InputStream in)
            throws IOException
    {
        List<String> lines = new ArrayList<>();
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int headBytes = 0;
        while (true) {
            int b = in.read();
            if (b < 0) {
                return Optional.empty();
            }
            headBytes++;
            if (lines.isEmpty() && headBytes > MAX_REQUEST_LINE) {
                throw new TooLong(Answer.problem(414, "URI Too Long", "the request line is longer than %s bytes".formatted(MAX_REQUEST_LINE)));
            }
            if (headBytes > MAX_HEAD) {
                throw new TooLong(Answer.problem(431, "Request Header Fields Too Large", "the request's head is longer than %s bytes".formatted(MAX_HEAD)));
            }
            if (b != '\n') {
                line.write(b);
                continue;
            }
            byte[] bytes = line.toByteArray();
            int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
            line.reset();
            if (length == 0) {
                if (lines.isEmpty()) {
                    // a blank line before the request line is allowed (RFC 9112, 2.2)
                    continue;
                }
                return Optional.of(lines);
            }
            lines.add(new String(bytes, 0, length, StandardCharsets.ISO_8859_1));
        }
    }

    private Answer answer(List<String> head)
    {
        Matcher request = REQUEST_LINE.matcher(head.get(0));
        if (!request.matches()) {
            return Answer.problem(400, "Bad Request", "the request line is not METHOD /path HTTP/1.1");
        }
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String field : head.subList(1, head.size())) {
            int colon = field.indexOf(':');
            if (colon <= 0 || !HEADER_NAME.matcher(field.substring(0, colon)).matches()) {
                return Answer.problem(400, "Bad Request", "a header line is not name: value");
            }
            String value = field.substring(colon + 1).strip();
            if (value.chars().anyMatch(c -> (c < 0x20 && c != '\t') || c == 0x7f)) {
                return Answer.problem(400, "Bad Request", "a header's value holds a control character");
            }
            headers.computeIfAbsent(field.substring(0, colon).toLowerCase(Locale.ROOT), name -> new ArrayList<>()).add(value);
        }
        if (request.group(3).equals("1") && !headers.containsKey("host")) {
            return Answer.problem(400, "Bad Request", "an HTTP/1.1 request must say its Host");
        }
        if (headers.containsKey("transfer-encoding")) {
            return Answer.problem(400, "Bad Request", "a request here has no body: Transfer-Encoding is not taken");
        }
        List<String> lengths = headers.getOrDefault("content-length", List.of());
        if (lengths.size() > 1 || lengths.stream().anyMatch(length -> !length.matches("[0-9]{1,18}"))) {
            return Answer.problem(400, "Bad Request", "Content-Length must be one number");
        }
        String target = request.group(2);
        int query = target.indexOf('?');
        if (!(query < 0 ? target : target.substring(0, query)).equals("/metrics")) {
            return Answer.problem(404, "Not Found", "only /metrics is served here");
        }
        String method = request.group(1);
        boolean headOnly = method.equals("HEAD");
        if (!method.equals("GET") && !headOnly) {
            return Answer.problem(405, "Method Not Allowed", "/metrics takes GET or HEAD").withHeader("Allow", "GET, HEAD");
        }
        if (!lengths.isEmpty() && Long.parseLong(lengths.get(0)) > 0) {
            return Answer.problem(400, "Bad Request", "GET /metrics takes no body");
        }
        String body;
        try {
            body = metrics.get();
        }
        catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "cannot make the metrics", e);
            return Answer.problem(500, "Internal Server Error", "the metrics could not be made; the process's log says why");
        }
        Answer answer = new Answer(200, "OK", PrometheusText.CONTENT_TYPE, body.getBytes(StandardCharsets.UTF_8), Map.of());
        return headOnly ? answer.withoutBody() : answer;
    }

    /** An answer, written with {@code Connection: close}; {@code body} null for a HEAD's (its length still said). */
    private record Answer(int status, String reason, String contentType, byte[] body, Map<String, String> headers)
    {
        static Answer problem(int status, String title, String detail)
        {
            Map<String, Object> problem = new LinkedHashMap<>();
            problem.put("type", "about:blank");
            problem.put("title", title);
            problem.put("status", status);
            problem.put("detail", detail);
            problem.put("instance", "/metrics");
            try {
                return new Answer(status, title, PROBLEM_TYPE, JSON.writeValueAsBytes(problem), Map.of());
            }
            catch (JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
        }

        Answer withHeader(String name, String value)
        {
            Map<String, String> more = new LinkedHashMap<>(headers);
            more.put(name, value);
            return new Answer(status, reason, contentType, body, more);
        }

        Answer withoutBody()
        {
            return new Answer(status, reason, contentType, null, headers).withHeader("Content-Length", Integer.toString(body.length));
        }

        byte[] bytes()
        {
            StringBuilder head = new StringBuilder("HTTP/1.1 ").append(status).append(' ').append(reason).append("\r\n")
                    .append("Content-Type: ").append(contentType).append("\r\n");
            if (body != null) {
                head.append("Content-Length: ").append(body.length).append("\r\n");
            }
            headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
            head.append("X-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            if (body != null) {
                out.writeBytes(body);
            }
            return out.toByteArray();
        }
    }

    private static final class TooLong
            extends RuntimeException
    {
        private final transient Answer answer;

        TooLong(Answer answer)
        {
            super(answer.reason(), null, false, false);
            this.answer = answer;
        }
    }

    private static void pause()
    {
        try {
            Thread.sleep(100);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Thread daemon(Runnable runnable, String name)
    {
        Thread thread = new Thread(runnable, name);
        thread.setDaemon(true);
        return thread;
    }

    private static void closeQuietly(AutoCloseable closeable)
    {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        }
        catch (Exception e) {
            // closing what is being given up
        }
    }
}
