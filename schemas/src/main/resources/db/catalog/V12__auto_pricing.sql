-- Automatic pricing (docs/booking-analytics.md): a room type opts in, and booking-app sets its
-- nightly prices to the suggestions of each published supply and demand day, once per day.
-- Owners: HotelRepository (room_types), AutoPricing (auto_pricing_days).
ALTER TABLE room_types ADD COLUMN auto_pricing BOOLEAN NOT NULL DEFAULT FALSE;

-- The supply and demand days applied: one row per day, written after all its room types.
CREATE TABLE auto_pricing_days (
    as_of_date     DATE        PRIMARY KEY,
    applied_at     TIMESTAMPTZ NOT NULL,
    room_types     INTEGER     NOT NULL CHECK (room_types >= 0),
    nights_changed INTEGER     NOT NULL CHECK (nights_changed >= 0)
);
