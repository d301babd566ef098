package io.hotellambda.benchmarks;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A closed-loop HTTP/1.1 load generator on loopback: each connection is a thread that sends one
 * request, reads the whole response, and sends the next. Raw keep-alive sockets keep the client's
 * own cost low and equal for every endpoint measured, so ratios between endpoints are fair.
 * Bounded in connections and time; it targets 127.0.0.1 only.
 */
public final class HttpLoadGenerator
{
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
        long start = System.nanoTime();
        long measureFrom = start + warmup.toNanos();
        long measureUntil = measureFrom + measure.toNanos();
        AtomicLong errors = new AtomicLong();
        List<long[]> latencies = new ArrayList<>();
        List<int[]> counts = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            long[] samples = new long[1 << 20];
            int[] count = new int[1];
            latencies.add(samples);
            counts.add(count);
            Thread thread = new Thread(() -> loop(port, request, expectedStatus, measureFrom, measureUntil, samples, count, errors), name + "-" + i);
            thread.start();
            threads.add(thread);
        }
        com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        Thread.sleep(Math.max(0, (measureFrom - System.nanoTime()) / 1_000_000));
        long cpuFrom = os.getProcessCpuTime();
        long cpuFromWall = System.nanoTime();
        Thread.sleep(Math.max(0, (measureUntil - System.nanoTime()) / 1_000_000));
        double cpuCores = (os.getProcessCpuTime() - cpuFrom) / (double) (System.nanoTime() - cpuFromWall);
        for (Thread thread : threads) {
            thread.join();
        }
        int total = counts.stream().mapToInt(count -> count[0]).sum();
        long[] all = new long[total];
        int offset = 0;
        for (int i = 0; i < connections; i++) {
            System.arraycopy(latencies.get(i), 0, all, offset, counts.get(i)[0]);
            offset += counts.get(i)[0];
        }
        Arrays.sort(all);
        return new Result(name, connections, total, errors.get(), measure.toNanos() / 1e9, percentile(all, 0.50), percentile(all, 0.99), cpuCores);
    }

    private static void loop(int port, byte[] request, int expectedStatus, long measureFrom, long measureUntil, long[] samples, int[] count, AtomicLong errors)
    {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
            while (true) {
                long sent = System.nanoTime();
                if (sent >= measureUntil) {
                    return;
                }
                out.write(request);
                out.flush();
                int status = readResponse(in);
                long done = System.nanoTime();
                if (sent >= measureFrom && done <= measureUntil) {
                    if (status != expectedStatus) {
                        errors.incrementAndGet();
                    }
                    else if (count[0] < samples.length) {
                        samples[count[0]++] = done - sent;
                    }
                }
            }
        }
        catch (IOException e) {
            errors.incrementAndGet();
            throw new UncheckedIOException(e);
        }
    }

    /** Reads one response (Content-Length or chunked); returns its status code. */
    private static int readResponse(InputStream in)
            throws IOException
    {
        String statusLine = readLine(in);
        int status = Integer.parseInt(statusLine.substring(9, 12));
        long contentLength = -1;
        boolean chunked = false;
        for (String line = readLine(in); !line.isEmpty(); line = readLine(in)) {
            int colon = line.indexOf(':');
            String header = line.substring(0, colon).trim();
            String value = line.substring(colon + 1).trim();
            if (header.equalsIgnoreCase("Content-Length")) {
                contentLength = Long.parseLong(value);
            }
            else if (header.equalsIgnoreCase("Transfer-Encoding") && value.equalsIgnoreCase("chunked")) {
                chunked = true;
            }
        }
        if (chunked) {
            for (long size = Long.parseLong(readLine(in).trim(), 16); size > 0; size = Long.parseLong(readLine(in).trim(), 16)) {
                in.skipNBytes(size);
                readLine(in);
            }
            readLine(in);
        }
        else if (contentLength > 0) {
            in.skipNBytes(contentLength);
        }
        return status;
    }

    private static String readLine(InputStream in)
            throws IOException
    {
        StringBuilder line = new StringBuilder(64);
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new IOException("connection closed by the server");
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    private static double percentile(long[] sorted, double quantile)
    {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(quantile * sorted.length) - 1)] / 1e6;
    }
}
