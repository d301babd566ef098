package io.hotellambda.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A closed-loop HTTP/1.1 load generator on loopback: each keep-alive connection sends one
 * request, reads the whole response, and sends the next. Connections are multiplexed over one
 * selector thread per core, so the client's own cost stays small and equal for every endpoint
 * measured (64 blocking client threads would thrash two cores and distort every ratio).
 * Bounded in connections and time; it targets 127.0.0.1 only.
 */
public final class HttpLoadGenerator
{
    private static final int THREADS = Math.min(2, Runtime.getRuntime().availableProcessors());

    private HttpLoadGenerator() {}

    /** {@code cpuCores}: this process's CPU time over the measured window, in cores (2.0 = both busy). */
    public record Result(String name, int connections, long requests, long errors, double seconds, double p50Millis, double p99Millis, double cpuCores)
    {
        public double requestsPerSecond()
        {
            return requests / seconds;
        }
    }

    public static byte[] postRequest(String path, String body)
    {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String head = "POST %s HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: %s\r\n\r\n".formatted(path, bytes.length);
        byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
        byte[] request = Arrays.copyOf(headBytes, headBytes.length + bytes.length);
        System.arraycopy(bytes, 0, request, headBytes.length, bytes.length);
        return request;
    }

    /** Runs {@code connections} loops for warm-up plus measurement; counts only the measured part. */
    public static Result run(String name, int port, byte[] request, int expectedStatus, int connections, Duration warmup, Duration measure)
            throws InterruptedException
    {
        return run(name, port, List.of(request), expectedStatus, connections, warmup, measure);
    }

    /** As above, each connection sending {@code requests} in turn, each from its own place in the list. */
    public static Result run(String name, int port, List<byte[]> requests, int expectedStatus, int connections, Duration warmup, Duration measure)
            throws InterruptedException
    {
        long measureFrom = System.nanoTime() + warmup.toNanos();
        long measureUntil = measureFrom + measure.toNanos();
        List<Worker> workers = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            int share = connections / THREADS + (i < connections % THREADS ? 1 : 0);
            workers.add(new Worker(port, requests, expectedStatus, share, measureFrom, measureUntil));
        }
        List<Thread> threads = workers.stream().map(worker -> new Thread(worker, name + "-loader")).toList();
        threads.forEach(Thread::start);

        double cpuCores = cpuCoresOver(measureFrom, measureUntil);
        for (Thread thread : threads) {
            thread.join();
        }
        for (Worker worker : workers) {
            if (worker.failure != null) {
                throw new IllegalStateException("load generator for %s failed".formatted(name), worker.failure);
            }
        }

        long[] all = Latencies.sorted(workers.stream().map(worker -> worker.latencies).toList());
        long errors = workers.stream().mapToLong(worker -> worker.errors).sum();
        return new Result(name, connections, all.length, errors, measure.toNanos() / 1e9, percentile(all, 0.50), percentile(all, 0.99), cpuCores);
    }

    /** Sleeps through the measured window and returns this process's CPU time over it, in cores (2.0 = both busy). */
    static double cpuCoresOver(long measureFrom, long measureUntil)
            throws InterruptedException
    {
        com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        Thread.sleep(Math.max(0, (measureFrom - System.nanoTime()) / 1_000_000));
        long cpuFrom = os.getProcessCpuTime();
        long wallFrom = System.nanoTime();
        Thread.sleep(Math.max(0, (measureUntil - System.nanoTime()) / 1_000_000));
        return (os.getProcessCpuTime() - cpuFrom) / (double) (System.nanoTime() - wallFrom);
    }

    /** The quantile of sorted nanoseconds, in milliseconds. */
    static double percentile(long[] sorted, double quantile)
    {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(quantile * sorted.length) - 1)] / 1e6;
    }

    /** One selector thread driving its share of the connections. */
    private static final class Worker
            implements Runnable
    {
        private final int port;
        private final List<byte[]> requests;
        private final int expectedStatus;
        private final int connections;
        private final long measureFrom;
        private final long measureUntil;
        private final Latencies latencies = new Latencies();
        private long errors;
        private volatile Throwable failure;

        Worker(int port, List<byte[]> requests, int expectedStatus, int connections, long measureFrom, long measureUntil)
        {
            this.port = port;
            this.requests = requests;
            this.expectedStatus = expectedStatus;
            this.connections = connections;
            this.measureFrom = measureFrom;
            this.measureUntil = measureUntil;
        }

        @Override
        public void run()
        {
            try {
                drive();
            }
            catch (Throwable e) {
                failure = e;
            }
        }

        private void drive()
                throws IOException
        {
            try (Selector selector = Selector.open()) {
                List<Connection> open = new ArrayList<>();
                for (int i = 0; i < connections; i++) {
                    SocketChannel channel = SocketChannel.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
                    channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                    channel.configureBlocking(false);
                    Connection connection = new Connection(channel, requests, i * 7919);
                    open.add(connection);
                    connection.key = channel.register(selector, SelectionKey.OP_WRITE, connection);
                }
                while (System.nanoTime() < measureUntil) {
                    selector.select(100);
                    for (SelectionKey key : selector.selectedKeys()) {
                        Connection connection = (Connection) key.attachment();
                        if (key.isWritable()) {
                            connection.write();
                        }
                        else if (key.isReadable()) {
                            int status = connection.read();
                            if (status != 0) {
                                record(connection.sentAt, System.nanoTime(), status);
                                connection.next();
                                if (System.nanoTime() < measureUntil) {
                                    connection.write();
                                }
                            }
                        }
                    }
                    selector.selectedKeys().clear();
                }
                for (Connection connection : open) {
                    connection.channel.close();
                }
            }
        }

        private void record(long sent, long done, int status)
        {
            if (sent < measureFrom || done > measureUntil) {
                return;
            }
            if (status != expectedStatus) {
                errors++;
            }
            else {
                latencies.add(done - sent);
            }
        }
    }

    /** One keep-alive connection: writes a request, then parses the response as it arrives. */
    private static final class Connection
    {
        private final SocketChannel channel;
        private final List<ByteBuffer> requests;
        private int next;
        private ByteBuffer request;
        private final ByteBuffer response = ByteBuffer.allocate(256 * 1024);
        private SelectionKey key;
        private long sentAt;
        private int headerEnd = -1;
        private long expectedLength = -1;
        private boolean chunked;
        private int status;

        /** {@code first}: where in {@code requests} this connection starts, so connections do not send in step. */
        Connection(SocketChannel channel, List<byte[]> requests, int first)
        {
            this.channel = channel;
            this.requests = requests.stream().map(ByteBuffer::wrap).toList();
            this.next = first % requests.size();
            this.request = this.requests.get(next);
        }

        void write()
                throws IOException
        {
            if (request.position() == 0) {
                sentAt = System.nanoTime();
            }
            channel.write(request);
            key.interestOps(request.hasRemaining() ? SelectionKey.OP_WRITE : SelectionKey.OP_READ);
        }

        /** Reads what arrived; returns the status once the whole response is in, else 0. */
        int read()
                throws IOException
        {
            if (channel.read(response) < 0) {
                throw new IOException("connection closed by the server");
            }
            if (headerEnd < 0) {
                headerEnd = indexOf(response, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                if (headerEnd < 0) {
                    return 0;
                }
                String headers = new String(response.array(), 0, headerEnd, StandardCharsets.US_ASCII);
                status = Integer.parseInt(headers.substring(9, 12));
                chunked = headers.toLowerCase(java.util.Locale.ROOT).contains("transfer-encoding: chunked");
                if (!chunked) {
                    expectedLength = headerEnd + 4 + contentLength(headers);
                }
            }
            if (chunked) {
                return chunkedBodyComplete() ? status : 0;
            }
            return response.position() >= expectedLength ? status : 0;
        }

        /** Walks the chunks after the headers; true once the last (zero-size) chunk has arrived. */
        private boolean chunkedBodyComplete()
        {
            byte[] bytes = response.array();
            int at = headerEnd + 4;
            while (true) {
                int lineEnd = -1;
                for (int i = at; i + 1 < response.position(); i++) {
                    if (bytes[i] == '\r' && bytes[i + 1] == '\n') {
                        lineEnd = i;
                        break;
                    }
                }
                if (lineEnd < 0) {
                    return false;
                }
                int size = Integer.parseInt(new String(bytes, at, lineEnd - at, StandardCharsets.US_ASCII).split(";")[0].trim(), 16);
                int next = lineEnd + 2 + size + 2;
                if (size == 0) {
                    return response.position() >= lineEnd + 4;
                }
                if (response.position() < next) {
                    return false;
                }
                at = next;
            }
        }

        void next()
        {
            response.clear();
            request.clear();
            next = (next + 1) % requests.size();
            request = requests.get(next);
            headerEnd = -1;
            expectedLength = -1;
        }

        private static long contentLength(String headers)
        {
            for (String line : headers.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("Content-Length")) {
                    return Long.parseLong(line.substring(colon + 1).trim());
                }
            }
            throw new IllegalStateException("response with neither Content-Length nor chunked encoding:\n" + headers);
        }

        private static int indexOf(ByteBuffer buffer, byte[] pattern)
        {
            byte[] bytes = buffer.array();
            outer:
            for (int i = 0; i <= buffer.position() - pattern.length; i++) {
                for (int j = 0; j < pattern.length; j++) {
                    if (bytes[i + j] != pattern[j]) {
                        continue outer;
                    }
                }
                return i;
            }
            return -1;
        }
    }
}
