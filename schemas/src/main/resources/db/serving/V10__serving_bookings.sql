-- The nightly job's booking numbers (docs/booking-analytics.md), on the booking-time axis
-- (received_at): per hotel, UTC hour and currency of each computed day. Owned by BookingTables.
CREATE TABLE serving.hotel_booking_hours (
    day              date     NOT NULL,
    hotel_id         bigint   NOT NULL,
    hour             smallint NOT NULL CHECK (hour BETWEEN 0 AND 23),
    currency         text     NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    holds_created    bigint   NOT NULL CHECK (holds_created >= 0),
    confirmed        bigint   NOT NULL CHECK (confirmed >= 0),
    cancelled        bigint   NOT NULL CHECK (cancelled >= 0),
    expired          bigint   NOT NULL CHECK (expired >= 0),
    payment_failures bigint   NOT NULL CHECK (payment_failures >= 0),
    room_nights_sold bigint   NOT NULL CHECK (room_nights_sold >= 0),
    revenue_cents    bigint   NOT NULL CHECK (revenue_cents >= 0),
    refund_cents     bigint   NOT NULL CHECK (refund_cents >= 0),
    PRIMARY KEY (hotel_id, day, hour, currency)
);
CREATE INDEX hotel_booking_hours_day ON serving.hotel_booking_hours (day);

-- One row per computed day of booking_events; its own watermark row 'daily_hotel_bookings' in
-- serving.batch_watermark moves over consecutive complete days, as the views' does.
CREATE TABLE serving.booking_batch_days (
    day               date        PRIMARY KEY,
    complete          boolean     NOT NULL,
    forced            boolean     NOT NULL,
    hotels            integer     NOT NULL,
    events            bigint      NOT NULL,
    archive_watermark timestamptz,
    computed_at       timestamptz NOT NULL
);

-- The booking audit: stream against batch per hotel, currency and metric, exact (no threshold).
CREATE TABLE serving.audit_booking_days (
    day             date        PRIMARY KEY,
    hotels_compared integer     NOT NULL,
    differences     integer     NOT NULL,
    passed          boolean     NOT NULL,
    failures        text        NOT NULL,
    batch_forced    boolean     NOT NULL,
    audited_at      timestamptz NOT NULL
);

-- Only what differs; every hotel's comparison is in the Hive table audit_hotel_bookings.
CREATE TABLE serving.audit_booking_differences (
    day         date   NOT NULL,
    hotel_id    bigint NOT NULL,
    currency    text   NOT NULL,
    metric      text   NOT NULL,
    batch_value bigint NOT NULL,
    speed_value bigint NOT NULL,
    difference  bigint NOT NULL,
    PRIMARY KEY (day, hotel_id, currency, metric)
);
