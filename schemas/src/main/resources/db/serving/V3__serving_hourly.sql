-- Views per hotel and UTC hour of each computed day, for the serving layer's hourly series
-- before the watermark (the speed layer's hourly keys answer from the watermark on).
CREATE TABLE serving.hotel_hourly_views (
    day      date     NOT NULL,
    hotel_id bigint   NOT NULL,
    hour     smallint NOT NULL CHECK (hour BETWEEN 0 AND 23),
    views    bigint   NOT NULL CHECK (views > 0),
    PRIMARY KEY (day, hotel_id, hour)
);
