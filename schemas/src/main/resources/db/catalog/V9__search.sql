-- Hotel search (docs/booking.md, "Search"): typo- and accent-tolerant matching on city and name
-- (pg_trgm over unaccented, lower-cased text) and full text over name and description. The owner
-- of the SQL that reads these columns is booking-app's SearchRepository; HotelRepository writes
-- the hotel columns they are generated from. Both extensions are trusted: the database owner may
-- create them.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE EXTENSION IF NOT EXISTS unaccent;

-- unaccent() is STABLE (its dictionary could be swapped); naming the dictionary and declaring the
-- wrapper IMMUTABLE is the documented way to use it in generated columns and indexes.
-- 'Zürich ' -> 'zurich', 'Den  Haag' -> 'den haag'.
CREATE FUNCTION search_text(value TEXT) RETURNS TEXT
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    RETURN lower(regexp_replace(btrim(public.unaccent('public.unaccent'::regdictionary, value)), '\s+', ' ', 'g'));

ALTER TABLE hotels
    ADD COLUMN description TEXT NOT NULL DEFAULT '' CHECK (length(description) <= 2000),
    ADD COLUMN city_key    TEXT GENERATED ALWAYS AS (search_text(city)) STORED,
    ADD COLUMN name_key    TEXT GENERATED ALWAYS AS (search_text(name)) STORED,
    ADD COLUMN search_doc  TSVECTOR GENERATED ALWAYS AS (
        setweight(to_tsvector('simple', search_text(name)), 'A') || setweight(to_tsvector('simple', search_text(description)), 'B')) STORED;

CREATE INDEX hotels_city_trgm ON hotels USING GIN (city_key gin_trgm_ops) WHERE is_active;
CREATE INDEX hotels_name_trgm ON hotels USING GIN (name_key gin_trgm_ops) WHERE is_active;
CREATE INDEX hotels_search_doc ON hotels USING GIN (search_doc) WHERE is_active;
CREATE INDEX hotels_city_key ON hotels (city_key) WHERE is_active;
