package io.hotellambda.booking.payments;

import io.hotellambda.booking.Transactions;
import io.hotellambda.schemas.DomainException;

import java.time.Clock;
import java.util.List;

/**
 * Sends the refunds owed (written pending by the transaction that owed them) to the provider,
 * each under its own id as the idempotency key, so a refund sent twice (a lost answer, two
 * booking-app instances) is made once. Called right after such a transaction commits, and every
 * few seconds by a background task for whatever an outage left pending.
 */
public final class RefundSender
{
    private static final int BATCH = 20;

    private final Transactions transactions;
    private final PaymentRepository payments;
    private final PaymentProvider provider;
    private final Clock clock;

    public RefundSender(Transactions transactions, PaymentRepository payments, PaymentProvider provider, Clock clock)
    {
        this.transactions = transactions;
        this.payments = payments;
        this.provider = provider;
        this.clock = clock;
    }

    /** {@link #sendPending} for a caller that has just committed a refund: an outage leaves it pending for the background round. */
    public void sendPendingQuietly()
    {
        try {
            sendPending();
        }
        catch (DomainException e) {
            // still pending: the background task sends it when the provider answers
        }
    }

    /** Sends pending refunds until none is left or the provider fails (then the rest wait for the next round); how many were sent. */
    public int sendPending()
    {
        int sent = 0;
        while (true) {
            int round = transactions.run("send refunds", connection -> {
                List<PaymentRepository.PendingRefund> pending = payments.lockPendingRefunds(connection, BATCH);
                for (PaymentRepository.PendingRefund refund : pending) {
                    PaymentProvider.Refund made = provider.refund(refund.intentId(), refund.amountCents(), refund.id().toString());
                    payments.refunded(connection, refund.id(), made.id(), clock.instant());
                }
                return pending.size();
            });
            sent += round;
            if (round < BATCH) {
                return sent;
            }
        }
    }
}
