package io.hotellambda.booking.search;

import io.hotellambda.booking.views.PageViewRecorder;
import io.hotellambda.http.JsonBodies;
import io.hotellambda.http.QueryParameters;
import io.javalin.Javalin;
import io.javalin.http.Context;

import java.util.Optional;

/** {@code GET /v1/search}: public, no token; docs/booking.md ("Search") says what it does. */
public final class SearchRoutes
{
    private final SearchService search;
    private final JsonBodies bodies;

    public SearchRoutes(SearchService search, JsonBodies bodies)
    {
        this.search = search;
        this.bodies = bodies;
    }

    public void register(Javalin app)
    {
        app.get("/v1/search", this::search);
    }

    private void search(Context ctx)
    {
        QueryParameters.requireKnown(ctx, "q", "city", "check_in", "check_out", "rooms", "guests", "min_price", "max_price", "stars", "min_stars",
                "amenity", "sort", "limit", "after");
        SearchSort sort = SearchSort.parse(QueryParameters.single(ctx, "sort"));
        SearchRequest request = SearchRequest.of(
                Optional.ofNullable(QueryParameters.single(ctx, "q")),
                Optional.ofNullable(QueryParameters.single(ctx, "city")),
                QueryParameters.optionalDate(ctx, "check_in"),
                QueryParameters.optionalDate(ctx, "check_out"),
                QueryParameters.optionalInt(ctx, "rooms"),
                QueryParameters.optionalInt(ctx, "guests"),
                QueryParameters.optionalLong(ctx, "min_price"),
                QueryParameters.optionalLong(ctx, "max_price"),
                QueryParameters.optionalInt(ctx, "stars"),
                QueryParameters.optionalInt(ctx, "min_stars"),
                QueryParameters.all(ctx, "amenity"),
                sort,
                QueryParameters.optionalInt(ctx, "limit"),
                Optional.ofNullable(QueryParameters.single(ctx, "after")).filter(value -> !value.isBlank()).map(SearchCursor::decode));
        bodies.write(ctx, search.search(request, PageViewRecorder.visitorId(ctx)));
    }
}
