-- ClickHouse tables for the unique_clicks_per_minute pipeline (etl-gen 0.1.0, spec a2041ac39bb0e593).
-- The processor runs these statements itself at start-up; they are here for review and for
-- provisioning by hand. Inserts use insert_deduplication_token and async_insert=0.

CREATE DATABASE IF NOT EXISTS `analytics`;

CREATE TABLE IF NOT EXISTS `analytics`.`unique_clicks_per_minute`
(
    `window_start` DateTime64(3, 'UTC'),
    `window_end` DateTime64(3, 'UTC'),
    `page` String,
    `clicks` Int64,
    `total_value` Int64
)
ENGINE = ReplacingMergeTree
ORDER BY (`window_start`, `page`)
SETTINGS non_replicated_deduplication_window = 10000;
