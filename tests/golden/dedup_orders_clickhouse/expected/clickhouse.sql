-- ClickHouse tables for the orders_dedup pipeline (etl-gen 0.1.0, spec dd527c41c73aa2a2).
-- The processor runs these statements itself at start-up; they are here for review and for
-- provisioning by hand. Inserts use insert_deduplication_token and async_insert=0.

CREATE DATABASE IF NOT EXISTS `shop`;

CREATE TABLE IF NOT EXISTS `shop`.`orders`
(
    `transaction_id` String,
    `customer_id` Nullable(Int64),
    `product_id` Nullable(Int64),
    `category` Nullable(String),
    `amount` Nullable(Float64),
    `quantity` Nullable(Int64),
    `timestamp` DateTime64(3, 'UTC'),
    `order_id` Int64,
    `_kafka_topic` LowCardinality(String),
    `_kafka_partition` UInt32,
    `_kafka_offset` UInt64
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(`timestamp`)
ORDER BY (`timestamp`, `order_id`, `transaction_id`)
SETTINGS non_replicated_deduplication_window = 10000;

-- On the embedded engine (chdb://) only, the processor also runs (never on a server):
-- ALTER TABLE `shop`.`orders`
-- MODIFY SETTING merge_selector_base = 8
