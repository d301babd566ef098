package io.hotellambda.booking.web;

import io.hotellambda.http.ProblemException;
import io.hotellambda.http.ProblemMapper;
import io.javalin.http.Context;

import java.util.Optional;

/**
 * A problem on a web page, as a page: a browser asking for HTML anywhere but the API, the health
 * check and the metrics gets the problem's status and detail in the site's frame; every other
 * caller gets the problem as JSON ({@link ProblemMapper}).
 */
public final class ErrorPages
        implements ProblemMapper.HtmlProblems
{
    private final WebSession session;
    private final Templates templates;

    public ErrorPages(WebSession session, Templates templates)
    {
        this.session = session;
        this.templates = templates;
    }

    @Override
    public Optional<String> page(Context ctx, ProblemException problem)
    {
        String path = ctx.path();
        String accept = ctx.header("Accept");
        if (path.startsWith("/v1/") || path.equals("/health") || path.equals("/metrics") || accept == null || !accept.contains("text/html")) {
            return Optional.empty();
        }
        Templates.headers(ctx);
        GuestViews.Frame frame = GuestViews.Frame.guest(problem.title(), null, session.csrfToken(ctx));
        return Optional.of(templates.render("error.jte", new GuestViews.ErrorView(frame, problem.status(), problem.title(), problem.getMessage())));
    }
}
