-- ClickHouse tables for the doors_filtered pipeline (etl-gen 0.1.0, spec 76f9bbe72bc47ef9).
-- The processor runs these statements itself at start-up; they are here for review and for
-- provisioning by hand. Inserts use insert_deduplication_token and async_insert=0.

CREATE DATABASE IF NOT EXISTS `sec`;

CREATE TABLE IF NOT EXISTS `sec`.`doors`
(
    `opened_at` DateTime64(3, 'UTC'),
    `door` String,
    `_kafka_topic` LowCardinality(String),
    `_kafka_partition` UInt32,
    `_kafka_offset` UInt64
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(`opened_at`)
ORDER BY (`opened_at`)
SETTINGS non_replicated_deduplication_window = 10000;

-- On the embedded engine (chdb://) only, the processor also runs (never on a server):
-- ALTER TABLE `sec`.`doors`
-- MODIFY SETTING merge_selector_base = 8
