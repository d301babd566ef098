package io.hotellambda.benchmarks;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * One blocking keep-alive HTTP/1.1 connection to 127.0.0.1, for a closed-loop client thread whose
 * next request depends on the last answer (hold, then cancel what was held). Far cheaper per call
 * than {@code java.net.http.HttpClient}, whose selector thread and executor hand-offs were the
 * bottleneck of a 32-client loop on two cores: the server sat idle waiting for its client.
 * Reads {@code Content-Length} and chunked bodies; not a general client.
 */
public final class LoopbackHttpConnection
        implements AutoCloseable
{
    public record Response(int status, String body) {}

    /** Jetty closes a keep-alive connection idle for 30 s: one idle this long is opened anew rather than written to. */
    private static final long MAX_IDLE_NANOS = 20_000_000_000L;

    private final int port;
    private long lastUsed;
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    public LoopbackHttpConnection(int port)
    {
        this.port = port;
    }

    public Response post(String path, String body, Map<String, String> headers)
            throws IOException
    {
        return send("POST", path, body, headers);
    }

    public Response send(String method, String path, String body, Map<String, String> headers)
            throws IOException
    {
        if (socket != null && System.nanoTime() - lastUsed > MAX_IDLE_NANOS) {
            close();
        }
        lastUsed = System.nanoTime();
        if (socket == null) {
            socket = new Socket(InetAddress.getLoopbackAddress(), port);
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(30_000);
            in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
            out = socket.getOutputStream();
        }
        byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: ").append(content.length).append("\r\n");
        if (body != null) {
            head.append("Content-Type: application/json\r\n");
        }
        headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        head.append("\r\n");
        out.write(head.toString().getBytes(StandardCharsets.UTF_8));
        out.write(content);
        out.flush();
        return read();
    }

    private Response read()
            throws IOException
    {
        String statusLine = line();
        int status = Integer.parseInt(statusLine.substring(9, 12));
        long length = -1;
        boolean chunked = false;
        boolean close = false;
        for (String header = line(); !header.isEmpty(); header = line()) {
            String lower = header.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-length:")) {
                length = Long.parseLong(lower.substring(15).strip());
            }
            else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                chunked = true;
            }
            else if (lower.startsWith("connection:") && lower.contains("close")) {
                close = true;
            }
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if (chunked) {
            for (int size = Integer.parseInt(line().strip(), 16); size > 0; size = Integer.parseInt(line().strip(), 16)) {
                body.write(in.readNBytes(size));
                line();
            }
            line();
        }
        else if (length >= 0) {
            body.write(in.readNBytes((int) length));
        }
        if (close) {
            close();
        }
        return new Response(status, body.toString(StandardCharsets.UTF_8));
    }

    private String line()
            throws IOException
    {
        StringBuilder line = new StringBuilder();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("connection closed mid-response");
            }
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }

    @Override
    public void close()
            throws IOException
    {
        if (socket != null) {
            socket.close();
            socket = null;
        }
    }
}
