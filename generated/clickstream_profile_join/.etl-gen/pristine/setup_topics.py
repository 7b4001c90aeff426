"""Create the Kafka topics this pipeline reads and writes; existing ones are left alone.

Pipeline clickstream_profile_join, generated
by etl-gen 0.1.0 from spec b1d6d45bf7c99010.
"""

import argparse
import asyncio
import os
from typing import Any

from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.helpers import create_ssl_context

# (topic, role, topic configs)
TOPICS = (
    ("clickstream-events", "source", {}),
    ("user-profile-updates", "join input", {}),
    ("enriched-clickstream", "output", {}),
    ("clickstream-events-dlq", "dead letters", {}),
)


async def create_topics(
    kafka_options: dict[str, Any], partitions: int, replication: int
) -> None:
    admin = AIOKafkaAdminClient(**kafka_options)
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
    parser.add_argument(
        "--security-protocol",
        choices=("PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"),
        default=os.environ.get("KAFKA_SECURITY_PROTOCOL", "PLAINTEXT"),
    )
    parser.add_argument(
        "--sasl-mechanism",
        choices=("PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"),
        default=os.environ.get("KAFKA_SASL_MECHANISM", None),
    )
    parser.add_argument(
        "--sasl-username", default=os.environ.get("KAFKA_SASL_USERNAME", "")
    )
    parser.add_argument("--ssl-cafile", default=os.environ.get("KAFKA_SSL_CAFILE", ""))
    parser.add_argument("--partitions", type=int, default=6)
    parser.add_argument("--replication-factor", type=int, default=1)
    args = parser.parse_args()
    # The same connection settings as the processor's;
    # the password only from the environment.
    options: dict[str, Any] = {
        "bootstrap_servers": args.bootstrap_servers,
        "security_protocol": args.security_protocol,
    }
    if args.security_protocol.endswith("SSL"):
        options["ssl_context"] = create_ssl_context(cafile=args.ssl_cafile or None)
    if args.security_protocol.startswith("SASL_"):
        password = os.environ.get("KAFKA_SASL_PASSWORD", "")
        if not (args.sasl_mechanism and args.sasl_username and password):
            parser.error(
                f"{args.security_protocol} needs --sasl-mechanism, --sasl-username (or "
                "KAFKA_SASL_USERNAME) and KAFKA_SASL_PASSWORD in the environment"
            )
        options["sasl_mechanism"] = args.sasl_mechanism
        options["sasl_plain_username"] = args.sasl_username
        options["sasl_plain_password"] = password
    asyncio.run(create_topics(options, args.partitions, args.replication_factor))


if __name__ == "__main__":
    main()
