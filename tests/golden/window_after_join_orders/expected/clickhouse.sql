-- ClickHouse tables for the hourly_payment_rate pipeline (etl-gen 0.1.0, spec e52f2e3e1441644c).
-- The processor runs these statements itself at start-up; they are here for review and for
-- provisioning by hand. Inserts use insert_deduplication_token and async_insert=0.

CREATE DATABASE IF NOT EXISTS `shop`;

CREATE TABLE IF NOT EXISTS `shop`.`hourly_payment_rate`
(
    `window_start` DateTime64(3, 'UTC'),
    `window_end` DateTime64(3, 'UTC'),
    `country` String,
    `orders` Int64,
    `paid_orders` Int64,
    `paid_total` Float64
)
ENGINE = ReplacingMergeTree
ORDER BY (`window_start`, `country`)
SETTINGS non_replicated_deduplication_window = 10000;
