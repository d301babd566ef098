-- The audit: the speed layer's counts of a closed day against the batch's exact ones, per hotel.
CREATE TABLE serving.audit_days (
    day                                date             PRIMARY KEY,
    hotels_compared                    integer          NOT NULL,
    batch_views                        bigint           NOT NULL,
    speed_views                        bigint           NOT NULL,
    total_absolute_difference          bigint           NOT NULL,
    drift                              double precision NOT NULL,
    largest_relative_difference        double precision NOT NULL,
    largest_relative_difference_hotel  bigint,
    uniques_outside_bound              integer          NOT NULL,
    passed                             boolean          NOT NULL,
    failures                           text             NOT NULL,
    max_drift                          double precision NOT NULL,
    max_hotel_drift                    double precision NOT NULL,
    batch_forced                       boolean          NOT NULL,
    speed_keys_dropped                 boolean          NOT NULL,
    audited_at                         timestamptz      NOT NULL
);

-- Only the hotels that differ: a views difference, or unique viewers outside the HyperLogLog bound.
-- Every hotel's row is in the Hive table audit_hotel_views.
CREATE TABLE serving.audit_hotel_days (
    day                   date             NOT NULL,
    hotel_id              bigint           NOT NULL,
    batch_views           bigint           NOT NULL,
    speed_views           bigint           NOT NULL,
    difference            bigint           NOT NULL,
    relative_difference   double precision NOT NULL,
    batch_unique_viewers  bigint           NOT NULL,
    speed_unique_viewers  bigint           NOT NULL,
    uniques_within_bound  boolean          NOT NULL,
    PRIMARY KEY (day, hotel_id)
);
