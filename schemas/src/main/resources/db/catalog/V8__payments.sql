-- Payments, refunds, cancellation policies, archival and notifications (docs/booking.md).

-- What a hotel tells its guests and where it hears of bookings: one row per hotel, written by
-- booking-app's BookingSettingsRepository; a hotel without a row has the defaults below.
CREATE TABLE hotel_booking_settings (
    hotel_id                 BIGINT      PRIMARY KEY REFERENCES hotels (id),
    email                    TEXT        CHECK (email IS NULL OR length(email) BETWEEN 3 AND 254),
    free_cancellation_days   INTEGER     NOT NULL DEFAULT 1 CHECK (free_cancellation_days BETWEEN 0 AND 365),
    cancellation_fee_basis   TEXT        NOT NULL DEFAULT 'first_night' CHECK (cancellation_fee_basis IN ('first_night', 'total')),
    cancellation_fee_percent INTEGER     NOT NULL DEFAULT 100 CHECK (cancellation_fee_percent BETWEEN 0 AND 100),
    updated_at               TIMESTAMPTZ NOT NULL
);

ALTER TABLE reservations
    ADD COLUMN invoice_number TEXT UNIQUE,
    ADD COLUMN paid_cents     BIGINT NOT NULL DEFAULT 0 CHECK (paid_cents >= 0),
    ADD COLUMN refunded_cents BIGINT NOT NULL DEFAULT 0 CHECK (refunded_cents >= 0),
    ADD CONSTRAINT reservations_refund_within_paid CHECK (refunded_cents <= paid_cents);
CREATE INDEX reservations_stay ON reservations (hotel_id, check_in, id);
CREATE INDEX reservations_guest_stay ON reservations (guest_id, check_in, id);
-- the archiver's scan: terminal reservations by age
CREATE INDEX reservations_terminal_age ON reservations (updated_at) WHERE status IN ('expired', 'payment_failed', 'cancelled', 'completed', 'refunded');

CREATE SEQUENCE invoice_numbers;

-- One payment intent per reservation at the provider (its idempotency key is the reservation's).
CREATE TABLE payments (
    intent_id      TEXT        PRIMARY KEY CHECK (length(intent_id) BETWEEN 1 AND 255),
    reservation_id UUID        NOT NULL UNIQUE,
    provider       TEXT        NOT NULL,
    amount_cents   BIGINT      NOT NULL CHECK (amount_cents > 0),
    currency       CHAR(3)     NOT NULL,
    status         TEXT        NOT NULL CHECK (status IN ('pending', 'succeeded', 'failed')),
    client_secret  TEXT        NOT NULL,
    checkout_url   TEXT        NOT NULL,
    created_at     TIMESTAMPTZ NOT NULL,
    updated_at     TIMESTAMPTZ NOT NULL
);

-- Refunds are written pending in the transaction that owes them, then sent to the provider
-- (its idempotency key is the refund's id) until it answers: nothing owed is forgotten.
CREATE TABLE refunds (
    id                 UUID        PRIMARY KEY,
    reservation_id     UUID        NOT NULL,
    intent_id          TEXT        NOT NULL REFERENCES payments (intent_id),
    amount_cents       BIGINT      NOT NULL CHECK (amount_cents > 0),
    reason             TEXT        NOT NULL,
    status             TEXT        NOT NULL CHECK (status IN ('pending', 'succeeded')),
    provider_refund_id TEXT,
    created_at         TIMESTAMPTZ NOT NULL,
    updated_at         TIMESTAMPTZ NOT NULL
);
CREATE INDEX refunds_pending ON refunds (created_at) WHERE status = 'pending';
CREATE INDEX refunds_reservation ON refunds (reservation_id);

-- Every provider event id seen, stored before any side effect: a replay finds it and does nothing.
CREATE TABLE payment_webhook_events (
    provider_event_id TEXT        PRIMARY KEY CHECK (length(provider_event_id) BETWEEN 1 AND 255),
    event_type        TEXT        NOT NULL,
    intent_id         TEXT        NOT NULL,
    outcome           TEXT        NOT NULL,
    received_at       TIMESTAMPTZ NOT NULL
);

-- Terminal reservations older than the retention, moved here in batches; partitioned by the
-- month of check-in, partitions made as months arrive. No foreign keys: hotels and guests stay.
CREATE TABLE reservations_archive (
    LIKE reservations INCLUDING DEFAULTS INCLUDING CONSTRAINTS,
    archived_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (id, check_in)
) PARTITION BY RANGE (check_in);
CREATE INDEX reservations_archive_hotel ON reservations_archive (hotel_id, check_in, id);
CREATE INDEX reservations_archive_guest ON reservations_archive (guest_id, check_in, id);

-- The notifier's record: one row per event and recipient, written by the notifier alone.
CREATE TABLE notifications (
    event_id   UUID        NOT NULL,
    recipient  TEXT        NOT NULL,
    kind       TEXT        NOT NULL,
    message_id TEXT        NOT NULL,
    sent_at    TIMESTAMPTZ,
    PRIMARY KEY (event_id, recipient)
);
