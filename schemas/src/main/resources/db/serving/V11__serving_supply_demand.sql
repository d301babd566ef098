-- Supply and demand per hotel, room type and stay date as of a day (docs/booking-analytics.md),
-- published by the nightly job for the serving layer and for booking-app's automatic pricing.
-- Owned by SupplyDemandTables. Rows of a day are written first, then the day is marked published:
-- readers read the newest published day only.
CREATE TABLE serving.supply_demand (
    as_of_date            date             NOT NULL,
    hotel_id              bigint           NOT NULL,
    room_type_id          bigint           NOT NULL,
    stay_date             date             NOT NULL,
    city                  text,
    currency              text             NOT NULL,
    capacity              bigint           NOT NULL,
    overbook_cap          bigint           NOT NULL,
    closed                boolean          NOT NULL,
    rooms_sold            bigint           NOT NULL,
    rooms_held            bigint           NOT NULL,
    pickup_1d             bigint           NOT NULL,
    pickup_7d             bigint           NOT NULL,
    pickup_30d            bigint           NOT NULL,
    searches_30d          bigint           NOT NULL,
    sold_out_searches_30d bigint           NOT NULL,
    views_7d              bigint           NOT NULL,
    look_to_book          double precision,
    avg_lead_time_days    double precision,
    avg_length_of_stay    double precision,
    adr_cents             double precision,
    price_cents           bigint           NOT NULL,
    price_min_cents       bigint           NOT NULL,
    price_max_cents       bigint           NOT NULL,
    base_price_cents      bigint           NOT NULL,
    days_out              integer          NOT NULL,
    occupancy             double precision NOT NULL,
    pace                  double precision NOT NULL,
    forecast_occupancy    double precision NOT NULL,
    price_multiplier      double precision NOT NULL,
    suggested_price_cents bigint           NOT NULL,
    model                 text             NOT NULL,
    PRIMARY KEY (as_of_date, hotel_id, room_type_id, stay_date),
    CHECK (suggested_price_cents BETWEEN price_min_cents AND price_max_cents)
);

CREATE TABLE serving.supply_demand_days (
    as_of_date   date        PRIMARY KEY,
    rows         bigint      NOT NULL,
    published_at timestamptz NOT NULL
);
