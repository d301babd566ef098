package io.hotellambda.sandbox;

/** The sandbox checkout: what is being paid, and a Pay and a Decline button (or the outcome so far). */
final class CheckoutPage
{
    private CheckoutPage() {}

    static String render(Intent intent)
    {
        String amount = "%s %d.%02d".formatted(intent.currency().toUpperCase(), intent.amount() / 100, intent.amount() % 100);
        String actions = intent.status().equals(Intent.REQUIRES_PAYMENT_METHOD)
                ? """
                  <form method="post" action="/checkout/%1$s/pay"><button id="pay" type="submit">Pay %2$s</button></form>
                  <form method="post" action="/checkout/%1$s/decline"><button id="decline" type="submit">Decline</button></form>
                  """.formatted(intent.id(), amount)
                : "<p id=\"status\">Payment %s.</p>".formatted(intent.status());
        return """
                <!doctype html>
                <html lang="en"><head><meta charset="utf-8"><title>Sandbox checkout</title></head>
                <body>
                <h1>Sandbox checkout</h1>
                <p>hotel-lambda's sandbox payment provider: no money moves.</p>
                <p>Payment <code>%s</code>: <strong id="amount">%s</strong></p>
                %s
                </body></html>
                """.formatted(intent.id(), amount, actions);
    }
}
