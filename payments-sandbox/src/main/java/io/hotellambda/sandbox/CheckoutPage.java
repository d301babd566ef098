package io.hotellambda.sandbox;

import java.net.URI;
import java.util.Optional;

/**
 * The sandbox checkout: what is being paid, and a Pay and a Decline button (or the outcome so
 * far). A shop may pass {@code return_url}, where the payer is sent after pressing either.
 */
final class CheckoutPage
{
    private static final int MAX_URL = 2000;

    private CheckoutPage() {}

    static String render(Intent intent, Optional<String> returnUrl)
    {
        String amount = "%s %d.%02d".formatted(intent.currency().toUpperCase(), intent.amount() / 100, intent.amount() % 100);
        String back = returnUrl.map(url -> "<input type=\"hidden\" name=\"return_url\" value=\"%s\">".formatted(escape(url))).orElse("");
        String actions = intent.status().equals(Intent.REQUIRES_PAYMENT_METHOD)
                ? """
                  <form method="post" action="/checkout/%1$s/pay">%3$s<button id="pay" type="submit">Pay %2$s</button></form>
                  <form method="post" action="/checkout/%1$s/decline">%3$s<button id="decline" type="submit">Decline</button></form>
                  """.formatted(escape(intent.id()), amount, back)
                : "<p id=\"status\">Payment %s.</p>".formatted(escape(intent.status()));
        return """
                <!doctype html>
                <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Sandbox checkout</title></head>
                <body>
                <h1>Sandbox checkout</h1>
                <p>hotel-lambda's sandbox payment provider: no money moves.</p>
                <p>Payment <code>%s</code>: <strong id="amount">%s</strong></p>
                %s
                </body></html>
                """.formatted(escape(intent.id()), amount, actions);
    }

    /** Where a shop asked the payer to be sent back: an absolute http(s) URL, else none. */
    static Optional<String> returnUrl(String value)
    {
        if (value == null || value.isEmpty() || value.length() > MAX_URL) {
            return Optional.empty();
        }
        try {
            URI uri = URI.create(value);
            return uri.isAbsolute() && (uri.getScheme().equals("http") || uri.getScheme().equals("https")) && uri.getHost() != null
                    ? Optional.of(uri.toString()) : Optional.empty();
        }
        catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static String escape(String text)
    {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&#39;");
    }
}
