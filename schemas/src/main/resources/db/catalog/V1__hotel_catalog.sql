-- The hotel catalog: hotels, their room types, and the API tokens that may change them.

CREATE TABLE hotels (
    id           BIGSERIAL PRIMARY KEY,
    name         TEXT        NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    city         TEXT        NOT NULL CHECK (length(city) BETWEEN 1 AND 100),
    country      CHAR(2)     NOT NULL CHECK (country ~ '^[A-Z]{2}$'),
    address      TEXT        NOT NULL CHECK (length(address) BETWEEN 1 AND 500),
    star_rating  SMALLINT    NOT NULL CHECK (star_rating BETWEEN 1 AND 5),
    amenities    TEXT[]      NOT NULL DEFAULT '{}',
    image_urls   TEXT[]      NOT NULL DEFAULT '{}',
    is_active    BOOLEAN     NOT NULL DEFAULT TRUE,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- search filters: city (case-insensitive), stars, amenity tags; only active hotels are searched
CREATE INDEX hotels_active_city ON hotels (lower(city), star_rating) WHERE is_active;
CREATE INDEX hotels_amenities ON hotels USING GIN (amenities);

CREATE TABLE room_types (
    id               BIGSERIAL PRIMARY KEY,
    hotel_id         BIGINT      NOT NULL REFERENCES hotels (id),
    name             TEXT        NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    capacity         INTEGER     NOT NULL CHECK (capacity BETWEEN 1 AND 50),
    quantity         INTEGER     NOT NULL CHECK (quantity BETWEEN 0 AND 100000),
    price_min_cents  BIGINT      NOT NULL CHECK (price_min_cents > 0),
    price_max_cents  BIGINT      NOT NULL,
    created_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    CHECK (price_max_cents >= price_min_cents),
    UNIQUE (hotel_id, name)
);

CREATE INDEX room_types_hotel ON room_types (hotel_id);

-- Bearer tokens, stored as SHA-256 of the token: a database leak does not leak credentials.
-- An admin token has no hotel; a staff token is scoped to exactly one hotel.
CREATE TABLE api_tokens (
    token_sha256  BYTEA       PRIMARY KEY CHECK (length(token_sha256) = 32),
    role          TEXT        NOT NULL CHECK (role IN ('admin', 'staff')),
    hotel_id      BIGINT      REFERENCES hotels (id),
    label         TEXT        NOT NULL CHECK (length(label) BETWEEN 1 AND 200),
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    revoked_at    TIMESTAMPTZ,
    CHECK ((role = 'admin') = (hotel_id IS NULL))
);
