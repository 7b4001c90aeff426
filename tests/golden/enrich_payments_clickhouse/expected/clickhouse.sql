-- ClickHouse tables for the tiered_payments pipeline (etl-gen 0.1.0, spec a3a4b6d4beaf2f3a).
-- The processor runs these statements itself at start-up; they are here for review and for
-- provisioning by hand. Inserts use insert_deduplication_token and async_insert=0.

CREATE DATABASE IF NOT EXISTS `shop`;

CREATE TABLE IF NOT EXISTS `shop`.`tiered_payments`
(
    `payment_id` String,
    `user_id` Int64,
    `amount` Float64,
    `currency` String,
    `status` String,
    `timestamp` DateTime64(3, 'UTC'),
    `customer_tier` Nullable(String),
    `customer_orders` Nullable(Int64),
    `_kafka_topic` LowCardinality(String),
    `_kafka_partition` UInt32,
    `_kafka_offset` UInt64
)
ENGINE = MergeTree
PARTITION BY toYYYYMMDD(`timestamp`)
ORDER BY (`timestamp`, `payment_id`)
SETTINGS non_replicated_deduplication_window = 10000;

-- On the embedded engine (chdb://) only, the processor also runs (never on a server):
-- ALTER TABLE `shop`.`tiered_payments`
-- MODIFY SETTING merge_selector_base = 8
