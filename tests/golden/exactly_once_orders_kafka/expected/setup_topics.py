"""Create the Kafka topics this pipeline reads and writes; existing ones are left alone.

Pipeline paid_orders_exactly_once, generated
by etl-gen 0.1.0 from spec 791ed0ef228450d8.
"""

import argparse
import asyncio
import os

from aiokafka.admin import AIOKafkaAdminClient, NewTopic

# (topic, role, topic configs)
TOPICS = (
    ("orders", "source", {}),
    ("paid-orders", "output (read with isolation_level=read_committed)", {}),
    ("orders-dlq", "dead letters (read with isolation_level=read_committed)", {}),
)


async def create_topics(
    bootstrap_servers: str, partitions: int, replication: int
) -> None:
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap_servers)
    await admin.start()
    try:
        existing = set(await admin.list_topics())
        missing = [
            NewTopic(
                name,
                num_partitions=partitions,
                replication_factor=replication,
                topic_configs=config,
            )
            for name, _, config in TOPICS
            if name not in existing
        ]
        if missing:
            await admin.create_topics(missing)
        for name, role, _ in TOPICS:
            print(f"{'exists ' if name in existing else 'created'} {name} ({role})")
    finally:
        await admin.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--bootstrap-servers",
        default=os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092"),
    )
    parser.add_argument("--partitions", type=int, default=6)
    parser.add_argument("--replication-factor", type=int, default=1)
    args = parser.parse_args()
    asyncio.run(
        create_topics(args.bootstrap_servers, args.partitions, args.replication_factor)
    )


if __name__ == "__main__":
    main()
