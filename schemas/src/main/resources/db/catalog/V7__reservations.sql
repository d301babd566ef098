-- Reservations: what a hotel sells (room type x night), who holds it, and the events that say so.
-- See docs/booking.md. The owners of this SQL, one class per table, live in booking-app:
-- InventoryRepository (room_inventory), GuestRepository (guests), ReservationRepository
-- (reservations), IdempotencyKeys (idempotency_keys), Outbox (booking_outbox).

-- A hotel's stay dates are its own local dates; its prices are in its currency's minor units.
ALTER TABLE hotels
    ADD COLUMN time_zone TEXT    NOT NULL DEFAULT 'UTC' CHECK (length(time_zone) BETWEEN 1 AND 64),
    ADD COLUMN currency  CHAR(3) NOT NULL DEFAULT 'EUR' CHECK (currency ~ '^[A-Z]{3}$');

ALTER TABLE room_types
    ADD COLUMN base_price_cents    BIGINT,
    ADD COLUMN overbooking_percent INTEGER NOT NULL DEFAULT 110 CHECK (overbooking_percent BETWEEN 100 AND 200);
UPDATE room_types SET base_price_cents = price_min_cents WHERE base_price_cents IS NULL;
ALTER TABLE room_types
    ALTER COLUMN base_price_cents SET NOT NULL,
    ADD CONSTRAINT room_types_base_price_in_band CHECK (base_price_cents BETWEEN price_min_cents AND price_max_cents);

-- The unit of sale. overbook_cap = floor(capacity * overbooking_percent / 100); the CHECK is the
-- backstop behind the conditional UPDATE that holds rooms: no code path can sell past the cap.
CREATE TABLE room_inventory (
    room_type_id  BIGINT  NOT NULL REFERENCES room_types (id),
    stay_date     DATE    NOT NULL,
    capacity      INTEGER NOT NULL CHECK (capacity >= 0),
    overbook_cap  INTEGER NOT NULL CHECK (overbook_cap >= capacity),
    sold          INTEGER NOT NULL DEFAULT 0 CHECK (sold >= 0),
    held          INTEGER NOT NULL DEFAULT 0 CHECK (held >= 0),
    closed        BOOLEAN NOT NULL DEFAULT FALSE,
    price_cents   BIGINT  NOT NULL CHECK (price_cents > 0),
    PRIMARY KEY (room_type_id, stay_date),
    CONSTRAINT room_inventory_within_cap CHECK (sold + held <= overbook_cap)
);

-- Guests hold a bearer token like staff do, stored only as its SHA-256.
CREATE TABLE guests (
    id            UUID        PRIMARY KEY,
    email         TEXT        NOT NULL CHECK (length(email) BETWEEN 3 AND 254),
    name          TEXT        NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    token_sha256  BYTEA       NOT NULL UNIQUE CHECK (length(token_sha256) = 32),
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE reservations (
    id                 UUID        PRIMARY KEY,
    hotel_id           BIGINT      NOT NULL REFERENCES hotels (id),
    room_type_id       BIGINT      NOT NULL REFERENCES room_types (id),
    guest_id           UUID        NOT NULL REFERENCES guests (id),
    check_in           DATE        NOT NULL,
    check_out          DATE        NOT NULL,
    rooms              INTEGER     NOT NULL CHECK (rooms BETWEEN 1 AND 10),
    guests             INTEGER     NOT NULL CHECK (guests >= 1),
    status             TEXT        NOT NULL CHECK (status IN ('held', 'confirmed', 'expired', 'payment_failed', 'cancelled', 'completed', 'refunded')),
    night_prices_cents BIGINT[]    NOT NULL,
    total_cents        BIGINT      NOT NULL CHECK (total_cents > 0),
    currency           CHAR(3)     NOT NULL,
    hold_expires_at    TIMESTAMPTZ NOT NULL,
    created_at         TIMESTAMPTZ NOT NULL,
    updated_at         TIMESTAMPTZ NOT NULL,
    CHECK (check_out > check_in),
    CHECK (cardinality(night_prices_cents) = check_out - check_in)
);
-- the sweeper's scan: live holds by expiry
CREATE INDEX reservations_live_holds ON reservations (hold_expires_at) WHERE status = 'held';
CREATE INDEX reservations_guest ON reservations (guest_id, created_at);
CREATE INDEX reservations_hotel ON reservations (hotel_id, created_at);

-- Stripe's idempotency keys: scoped to the caller; the first answer is stored and replayed.
CREATE TABLE idempotency_keys (
    scope           TEXT        NOT NULL,
    key             TEXT        NOT NULL CHECK (length(key) BETWEEN 1 AND 255),
    request_sha256  BYTEA       NOT NULL,
    status          INTEGER,
    location        TEXT,
    body            BYTEA,
    created_at      TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (scope, key)
);
CREATE INDEX idempotency_keys_age ON idempotency_keys (created_at);

-- The transactional outbox: every booking state change writes its event here in the same
-- transaction; one relay publishes rows in id order and marks them after Kafka's ack. The
-- payload is the event's JSON without received_at, which the relay stamps when it publishes.
CREATE TABLE booking_outbox (
    id            BIGINT      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id      UUID        NOT NULL UNIQUE,
    event_type    TEXT        NOT NULL,
    hotel_id      BIGINT      NOT NULL,
    aggregate_id  UUID        NOT NULL,
    payload       BYTEA       NOT NULL,
    occurred_at   TIMESTAMPTZ NOT NULL,
    published_at  TIMESTAMPTZ
);
CREATE INDEX booking_outbox_unpublished ON booking_outbox (id) WHERE published_at IS NULL;
