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

-- The catalog's cities, each with its number of active hotels, kept by a trigger on hotels: a
-- search's city is resolved against these few rows (a trigram match over a hundred cities), not
-- against every hotel. The trigger is the table's only writer.
CREATE TABLE search_cities (
    city_key       TEXT    PRIMARY KEY,
    active_hotels  INTEGER NOT NULL CHECK (active_hotels >= 0)
);
CREATE INDEX search_cities_trgm ON search_cities USING GIN (city_key gin_trgm_ops);

CREATE FUNCTION count_search_cities() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.is_active THEN
        UPDATE search_cities SET active_hotels = active_hotels - 1 WHERE city_key = OLD.city_key;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.is_active THEN
        INSERT INTO search_cities AS c (city_key, active_hotels) VALUES (NEW.city_key, 1)
        ON CONFLICT (city_key) DO UPDATE SET active_hotels = c.active_hotels + 1;
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER hotels_search_cities AFTER INSERT OR UPDATE OF city, is_active OR DELETE ON hotels
    FOR EACH ROW EXECUTE FUNCTION count_search_cities();

INSERT INTO search_cities (city_key, active_hotels)
SELECT city_key, count(*) FROM hotels WHERE is_active GROUP BY city_key;
