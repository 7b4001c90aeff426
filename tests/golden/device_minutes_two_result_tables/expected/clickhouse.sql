-- ClickHouse tables for the device_minutes pipeline (etl-gen 0.1.0, spec ceebfb913604dda6).
-- The processor runs these statements itself at start-up; they are here for review and for
-- provisioning by hand. Inserts use insert_deduplication_token and async_insert=0.

CREATE DATABASE IF NOT EXISTS `metrics`;

CREATE DATABASE IF NOT EXISTS `metrics_recent`;

CREATE TABLE IF NOT EXISTS `metrics`.`device_minutes`
(
    `window_start` DateTime64(3, 'UTC'),
    `window_end` DateTime64(3, 'UTC'),
    `device_id` String,
    `readings` Int64,
    `avg_value` Float64
)
ENGINE = ReplacingMergeTree
ORDER BY (`window_start`, `device_id`)
SETTINGS non_replicated_deduplication_window = 10000;

CREATE TABLE IF NOT EXISTS `metrics_recent`.`device_minutes`
(
    `window_start` DateTime64(3, 'UTC'),
    `window_end` DateTime64(3, 'UTC'),
    `device_id` String,
    `readings` Int64,
    `avg_value` Float64
)
ENGINE = ReplacingMergeTree
ORDER BY (`window_start`, `device_id`)
TTL `window_end` + INTERVAL 7 DAY
SETTINGS non_replicated_deduplication_window = 10000;
