-- The batch layer's serving slice: per-hotel results of each computed day, and the batch
-- watermark W. The serving layer answers "batch before W, speed from W on".
-- the schema itself is created by Flyway, which keeps this schema's migration history in it
CREATE SCHEMA IF NOT EXISTS serving;

CREATE TABLE serving.hotel_daily_views (
    day            date   NOT NULL,
    hotel_id       bigint NOT NULL,
    views          bigint NOT NULL CHECK (views >= 0),
    unique_viewers bigint NOT NULL CHECK (unique_viewers >= 0),
    PRIMARY KEY (day, hotel_id)
);

-- One row per computed day; a forced run (over an incomplete archive) says so here.
CREATE TABLE serving.batch_days (
    day               date        PRIMARY KEY,
    complete          boolean     NOT NULL,
    forced            boolean     NOT NULL,
    hotels            integer     NOT NULL,
    views             bigint      NOT NULL,
    archive_watermark timestamptz,
    computed_at       timestamptz NOT NULL
);

-- The batch covers received_at < watermark; it moves only over complete, published days.
CREATE TABLE serving.batch_watermark (
    name       text        PRIMARY KEY,
    watermark  timestamptz NOT NULL,
    updated_at timestamptz NOT NULL
);
