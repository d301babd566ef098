package io.hotellambda.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Malformed, oversized and hostile requests, and the one check every HTTP service here must pass
 * for each: the expected 4xx, as {@code application/problem+json}, with a detail that names no
 * Java type or library setting. Requests go as raw bytes over a socket, so a case can carry what a
 * well-behaved client never sends (two {@code Authorization} headers, a 20 KB URI, a broken
 * request line). Each service's test adds its own endpoints' cases to {@link #generic}.
 */
public final class HostileRequests
{
    /** One request and the status it must get. {@code raw}, when set, is sent as it is instead of being built. */
    public record Case(String name, String method, String path, List<String> headers, byte[] body, int expectedStatus, byte[] raw)
    {
        public static Case json(String name, String method, String path, String body, int expectedStatus, String... headers)
        {
            List<String> all = new ArrayList<>(List.of("Content-Type: application/json"));
            all.addAll(List.of(headers));
            return new Case(name, method, path, all, body.getBytes(StandardCharsets.UTF_8), expectedStatus, null);
        }

        public static Case withHeaders(String name, String method, String path, byte[] body, int expectedStatus, String... headers)
        {
            return new Case(name, method, path, List.of(headers), body, expectedStatus, null);
        }

        public static Case raw(String name, String request, int expectedStatus)
        {
            return new Case(name, null, null, List.of(), new byte[0], expectedStatus, request.getBytes(StandardCharsets.ISO_8859_1));
        }

        public Case withBody(byte[] newBody)
        {
            return new Case(name, method, path, headers, newBody, expectedStatus, raw);
        }

        @Override
        public String toString()
        {
            return name;
        }
    }

    public record Response(int status, Map<String, String> headers, String body)
    {
        public String header(String name)
        {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private HostileRequests() {}

    /**
     * What any JSON endpoint must refuse, whatever its fields: {@code jsonPost} is a method and
     * path taking a JSON object, {@code getPath} a GET path, and {@code headers} what the caller
     * must send to reach the body check (a token, say).
     */
    public static List<Case> generic(String method, String jsonPath, String getPath, String... headers)
    {
        List<Case> cases = new ArrayList<>();
        cases.add(Case.json("JSON null body", method, jsonPath, "null", 400, headers));
        cases.add(Case.json("empty body", method, jsonPath, "", 400, headers));
        cases.add(Case.json("array body", method, jsonPath, "[]", 400, headers));
        cases.add(Case.json("truncated JSON", method, jsonPath, "{\"a\":", 400, headers));
        cases.add(Case.json("trailing garbage", method, jsonPath, "{} {}", 400, headers));
        cases.add(Case.json("trailing text", method, jsonPath, "{}xyz", 400, headers));
        cases.add(Case.json("NaN", method, jsonPath, "{\"a\": NaN}", 400, headers));
        cases.add(Case.json("raw NUL in a string", method, jsonPath, "{\"a\": \"x\u0000y\"}", 400, headers));
        cases.add(Case.json("deep nesting", method, jsonPath, "[".repeat(5000) + "]".repeat(5000), 400, headers));
        List<String> form = new ArrayList<>(List.of("Content-Type: application/x-www-form-urlencoded"));
        form.addAll(List.of(headers));
        cases.add(Case.withHeaders("form content type", method, jsonPath, "{}".getBytes(StandardCharsets.UTF_8), 415, form.toArray(String[]::new)));
        // Jetty parses a multipart body when a form's fields are asked for, and throws on one without its boundary
        List<String> multipart = new ArrayList<>(List.of("Content-Type: multipart/form-data; boundary=x"));
        multipart.addAll(List.of(headers));
        cases.add(Case.withHeaders("multipart without its boundary", method, jsonPath, "{}".getBytes(StandardCharsets.UTF_8), 415, multipart.toArray(String[]::new)));
        List<String> text = new ArrayList<>(List.of("Content-Type: text/plain"));
        text.addAll(List.of(headers));
        cases.add(Case.withHeaders("text content type", method, jsonPath, "{}".getBytes(StandardCharsets.UTF_8), 415, text.toArray(String[]::new)));
        List<String> latin = new ArrayList<>(List.of("Content-Type: application/json; charset=iso-8859-1"));
        latin.addAll(List.of(headers));
        cases.add(Case.withHeaders("JSON in Latin-1", method, jsonPath, "{}".getBytes(StandardCharsets.UTF_8), 415, latin.toArray(String[]::new)));
        cases.add(Case.withHeaders("no content type", method, jsonPath, "{}".getBytes(StandardCharsets.UTF_8), 415, headers));
        cases.add(Case.json("invalid UTF-8", method, jsonPath, "", 400, headers)
                .withBody(new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xff, (byte) 0xfe, '"', '}'}));
        cases.add(Case.raw("URI of 20 KB", "GET " + getPath + (getPath.contains("?") ? "&" : "?") + "x=" + "a".repeat(20_000) + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n", 414));
        cases.add(Case.raw("header of 20 KB", "GET " + getPath + " HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " + "a".repeat(20_000) + "\r\nConnection: close\r\n\r\n", 431));
        cases.add(Case.raw("broken request line", "GET\u0001 / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n", 400));
        cases.add(Case.raw("bad escape in the path", "GET /v1/%zz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n", 400));
        return cases;
    }

    /** Sends the case to {@code 127.0.0.1:port} and checks its answer; returns it for further checks. */
    public static Response check(int port, Case request)
    {
        Response response = send(port, request);
        assertThat(response.status()).as("%s: %s", request, response).isEqualTo(request.expectedStatus());
        assertThat(response.header("Content-Type")).as("%s: %s", request, response).startsWith(ProblemMapper.CONTENT_TYPE);
        JsonNode problem;
        try {
            problem = JSON.readTree(response.body());
        }
        catch (IOException e) {
            throw new AssertionError("%s: the problem is not JSON: %s".formatted(request, response.body()), e);
        }
        assertThat(problem.path("status").asInt()).as(request.name()).isEqualTo(request.expectedStatus());
        assertThat(problem.path("title").asText()).as(request.name()).isNotEmpty();
        String detail = problem.path("detail").asText();
        assertThat(detail).as(request.name()).isNotBlank()
                .doesNotContain("com.fasterxml", "java.", "io.hotellambda", "Exception", "`", "Feature", "jakarta", "org.eclipse");
        return response;
    }

    public static Response send(int port, Case request)
    {
        byte[] bytes = request.raw() != null ? request.raw() : build(request);
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(bytes);
            out.flush();
            return parse(socket.getInputStream().readAllBytes());
        }
        catch (IOException e) {
            throw new UncheckedIOException(request.name(), e);
        }
    }

    private static byte[] build(Case request)
    {
        StringBuilder head = new StringBuilder()
                .append(request.method()).append(' ').append(request.path()).append(" HTTP/1.1\r\n")
                .append("Host: 127.0.0.1\r\nConnection: close\r\n");
        request.headers().forEach(header -> head.append(header).append("\r\n"));
        if (!request.method().equals("GET")) {
            head.append("Content-Length: ").append(request.body().length).append("\r\n");
        }
        head.append("\r\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
        out.writeBytes(request.body());
        return out.toByteArray();
    }

    private static Response parse(byte[] bytes)
    {
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) {
            throw new AssertionError("no HTTP response: " + text);
        }
        String[] lines = text.substring(0, end).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.merge(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).strip(), (a, b) -> a + ", " + b);
        }
        byte[] body = java.util.Arrays.copyOfRange(bytes, end + 4, bytes.length);
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            body = dechunk(body);
        }
        return new Response(status, headers, new String(body, StandardCharsets.UTF_8));
    }

    private static byte[] dechunk(byte[] body)
    {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int at = 0;
        while (at < body.length) {
            int lineEnd = indexOf(body, at);
            int size = Integer.parseInt(new String(body, at, lineEnd - at, StandardCharsets.ISO_8859_1).split(";")[0].strip(), 16);
            if (size == 0) {
                break;
            }
            out.write(body, lineEnd + 2, size);
            at = lineEnd + 2 + size + 2;
        }
        return out.toByteArray();
    }

    private static int indexOf(byte[] bytes, int from)
    {
        for (int i = from; i < bytes.length - 1; i++) {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n') {
                return i;
            }
        }
        throw new AssertionError("a chunk without its line end");
    }
}
