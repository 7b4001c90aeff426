-- ClickHouse tables for the orders_two_tables pipeline (etl-gen 0.1.0, spec df959c6e1c2ad013).
-- The processor runs these statements itself at start-up; they are here for review and for
-- provisioning by hand. Inserts use insert_deduplication_token and async_insert=0.

CREATE DATABASE IF NOT EXISTS `shop`;

CREATE DATABASE IF NOT EXISTS `shop_recent`;

CREATE TABLE IF NOT EXISTS `shop`.`orders`
(
    `order_id` String,
    `customer` Nullable(String),
    `status` String,
    `amount` Float64,
    `created_at` DateTime64(3, 'UTC'),
    `_kafka_topic` LowCardinality(String),
    `_kafka_partition` UInt32,
    `_kafka_offset` UInt64
)
ENGINE = MergeTree
ORDER BY (`order_id`)
SETTINGS non_replicated_deduplication_window = 10000;

CREATE TABLE IF NOT EXISTS `shop_recent`.`orders_recent`
(
    `order_id` String,
    `customer` Nullable(String),
    `status` String,
    `amount` Float64,
    `created_at` DateTime64(3, 'UTC'),
    `_kafka_topic` LowCardinality(String),
    `_kafka_partition` UInt32,
    `_kafka_offset` UInt64
)
ENGINE = MergeTree
PARTITION BY toYYYYMMDD(`created_at`)
ORDER BY (`created_at`, `order_id`)
TTL `created_at` + INTERVAL 30 DAY
SETTINGS non_replicated_deduplication_window = 10000;

-- On the embedded engine (chdb://) only, the processor also runs (never on a server):
-- ALTER TABLE `shop`.`orders`
-- MODIFY SETTING merge_selector_base = 8
-- ALTER TABLE `shop_recent`.`orders_recent`
-- MODIFY SETTING merge_selector_base = 8
