-- ClickHouse tables for the service_bursts pipeline (etl-gen 0.1.0, spec d2f89f8927097848).
-- The processor runs these statements itself at start-up; they are here for review and for
-- provisioning by hand. Inserts use insert_deduplication_token and async_insert=0.

CREATE DATABASE IF NOT EXISTS `ops`;

CREATE TABLE IF NOT EXISTS `ops`.`service_bursts`
(
    `window_start` DateTime64(3, 'UTC'),
    `window_end` DateTime64(3, 'UTC'),
    `service` String,
    `records` Int64,
    `hosts` Int64
)
ENGINE = ReplacingMergeTree
ORDER BY (`window_start`, `service`)
SETTINGS non_replicated_deduplication_window = 10000;
