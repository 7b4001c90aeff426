-- ClickHouse tables for the sensor_alerts pipeline (etl-gen 0.1.0, spec 31bd3a1ea5ca5160).
-- The processor runs these statements itself at start-up; they are here for review and for
-- provisioning by hand. Inserts use insert_deduplication_token and async_insert=0.

CREATE DATABASE IF NOT EXISTS `iot`;

CREATE TABLE IF NOT EXISTS `iot`.`sensor_alerts`
(
    `window_start` DateTime64(3, 'UTC'),
    `window_end` DateTime64(3, 'UTC'),
    `device_id` String,
    `readings` Int64,
    `avg_value` Float64,
    `max_value` Float64,
    `p95_value` Float64
)
ENGINE = ReplacingMergeTree
ORDER BY (`window_start`, `device_id`)
SETTINGS non_replicated_deduplication_window = 10000;
