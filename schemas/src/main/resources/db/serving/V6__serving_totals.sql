-- Each hotel's views over every computed day before the watermark, kept by the publish in the
-- same transaction as the day: the serving layer holds these totals and only a window of days,
-- not every day ever published.
CREATE TABLE serving.hotel_view_totals (
    hotel_id bigint PRIMARY KEY,
    views    bigint NOT NULL CHECK (views >= 0)
);

INSERT INTO serving.hotel_view_totals (hotel_id, views)
SELECT d.hotel_id, sum(d.views)
FROM serving.hotel_daily_views d
WHERE d.day < coalesce((SELECT (watermark AT TIME ZONE 'UTC')::date FROM serving.batch_watermark WHERE name = 'daily_hotel_views'), '-infinity'::date)
GROUP BY d.hotel_id;
