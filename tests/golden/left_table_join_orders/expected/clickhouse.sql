-- ClickHouse tables for the orders_with_customers pipeline (etl-gen 0.1.0, spec 86f47ad009ddcdf6).
-- The processor runs these statements itself at start-up; they are here for review and for
-- provisioning by hand. Inserts use insert_deduplication_token and async_insert=0.

CREATE DATABASE IF NOT EXISTS `shop`;

CREATE TABLE IF NOT EXISTS `shop`.`orders_with_customers`
(
    `order_id` String,
    `customer_id` Int64,
    `amount` Float64,
    `created_at` DateTime64(3, 'UTC'),
    `customer_name` Nullable(String),
    `customer_tier` Nullable(String),
    `credit_limit` Nullable(Float64),
    `_kafka_topic` LowCardinality(String),
    `_kafka_partition` UInt32,
    `_kafka_offset` UInt64
)
ENGINE = MergeTree
ORDER BY (`created_at`, `order_id`)
SETTINGS non_replicated_deduplication_window = 10000;

-- On the embedded engine (chdb://) only, the processor also runs (never on a server):
-- ALTER TABLE `shop`.`orders_with_customers`
-- MODIFY SETTING merge_selector_base = 8
