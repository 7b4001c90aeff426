-- ClickHouse tables for the paid_orders pipeline (etl-gen 0.1.0, spec 0cb82ccf7b93218b).
-- The processor runs these statements itself at start-up; they are here for review and for
-- provisioning by hand. Inserts use insert_deduplication_token and async_insert=0.

CREATE DATABASE IF NOT EXISTS `shop`;

CREATE TABLE IF NOT EXISTS `shop`.`paid_orders`
(
    `order_id` String,
    `customer_name` Nullable(String),
    `total` Nullable(Float64),
    `day` Int64,
    `big` Nullable(Bool),
    `created_at` DateTime64(3, 'UTC'),
    `_kafka_topic` LowCardinality(String),
    `_kafka_partition` UInt32,
    `_kafka_offset` UInt64
)
ENGINE = MergeTree
ORDER BY (`created_at`)
SETTINGS non_replicated_deduplication_window = 10000;

-- On the embedded engine (chdb://) only, the processor also runs (never on a server):
-- ALTER TABLE `shop`.`paid_orders`
-- MODIFY SETTING merge_selector_base = 8
