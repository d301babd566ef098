package io.hotellambda.http;

import io.javalin.Javalin;
import io.javalin.router.ParsedEndpoint;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.TreeSet;

/**
 * A service's OpenAPI 3 document ({@code /openapi.json}, the class path's {@code openapi.json},
 * written by hand and kept true by each service's test against {@link #routes}) and a Swagger UI
 * page for it ({@code /api-docs}, Swagger UI from its WebJar). Needs Javalin's WebJars enabled.
 */
public final class ApiDocs
{
    public static final String DOCUMENT = "/openapi.json";
    public static final String UI = "/api-docs";

    private ApiDocs() {}

    public static void register(Javalin app, String title)
    {
        byte[] document = resource("/openapi.json");
        String swagger = WebJars.base("org.webjars", "swagger-ui");
        String page = """
                <!doctype html>
                <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
                <title>%1$s API</title><link rel="stylesheet" href="%2$s/swagger-ui.css"></head>
                <body><div id="swagger-ui"></div>
                <script src="%2$s/swagger-ui-bundle.js"></script>
                <script>window.ui = SwaggerUIBundle({url: "%3$s", dom_id: "#swagger-ui"});</script>
                </body></html>
                """.formatted(title, swagger, DOCUMENT);
        app.get(DOCUMENT, ctx -> ctx.contentType("application/json").header("Cache-Control", "max-age=60").result(document));
        app.get(UI, ctx -> ctx.html(page));
    }

    /** Every route the app registered, as {@code "GET /v1/hotels/{id}"}: what the document must list, no more. */
    public static TreeSet<String> routes(Javalin app)
    {
        TreeSet<String> routes = new TreeSet<>();
        List<ParsedEndpoint> endpoints = app.unsafeConfig().pvt.internalRouter.allHttpHandlers();
        for (ParsedEndpoint endpoint : endpoints) {
            String method = endpoint.getEndpoint().getMethod().name();
            if (!method.equals("HEAD") && !method.equals("OPTIONS")) {
                routes.add(method + " " + endpoint.getEndpoint().getPath());
            }
        }
        return routes;
    }

    private static byte[] resource(String path)
    {
        try (InputStream in = ApiDocs.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("no %s on the class path: every service ships its OpenAPI document".formatted(path));
            }
            return in.readAllBytes();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
