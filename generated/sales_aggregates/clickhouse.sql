-- ClickHouse tables for the sales_aggregates pipeline (etl-gen 0.1.0, spec 2382439b6731eae5).
-- The processor runs these statements itself at start-up; they are here for review and for
-- provisioning by hand. Inserts use insert_deduplication_token and async_insert=0.

CREATE DATABASE IF NOT EXISTS `analytics`;

CREATE TABLE IF NOT EXISTS `analytics`.`sales_aggregates_1min`
(
    `window_start` DateTime64(3, 'UTC'),
    `window_end` DateTime64(3, 'UTC'),
    `category` String,
    `total_sales` Int64,
    `total_revenue` Float64,
    `unique_customers` Int64,
    `unique_products` Int64,
    `avg_transaction_value` Float64
)
ENGINE = ReplacingMergeTree
PARTITION BY toYYYYMM(`window_start`)
ORDER BY (`window_start`, `category`)
SETTINGS non_replicated_deduplication_window = 10000;
