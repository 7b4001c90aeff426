"""The Debezium connector config for a CDC pipeline, consistent with what its consumer reads."""

import json
from typing import Any

from ..spec import DebeziumFormat, Pipeline

_CONNECTORS = {
    "postgres": "io.debezium.connector.postgresql.PostgresConnector",
    "mysql": "io.debezium.connector.mysql.MySqlConnector",
    # Debezium 3's MySqlConnector refuses MariaDB (it sends SHOW BINARY LOG STATUS); the
    # MariaDB connector reads the same binlog and takes the same settings.
    "mariadb": "io.debezium.connector.mariadb.MariaDbConnector",
}


def connector_config(spec: Pipeline) -> dict[str, Any]:
    fmt = spec.source.format
    assert isinstance(fmt, DebeziumFormat)
    name = spec.name.replace("_", "-")
    tables = ",".join(f"{t.db_schema}.{t.name}" for t in fmt.tables)
    config: dict[str, Any] = {"connector.class": _CONNECTORS[fmt.database]}
    if not fmt.binlog:
        config |= {
            "database.hostname": "localhost",
            "database.port": "5432",
            "database.user": "debezium",
            "database.password": "change-me",
            "database.dbname": fmt.dbname or "postgres",
            "plugin.name": "pgoutput",
            "slot.name": f"etl_gen_{spec.name}"[:63],
            "publication.name": f"etl_gen_{spec.name}"[:63],
            "publication.autocreate.mode": "filtered",
        }
        position_fields = "op,lsn"
    else:
        config |= {
            "database.hostname": "localhost",
            "database.port": "3306",
            "database.user": "debezium",
            "database.password": "change-me",
            "database.server.id": "5400",
            "schema.history.internal.kafka.bootstrap.servers": spec.source.bootstrap_servers,
            "schema.history.internal.kafka.topic": f"{fmt.server_name}.schema-history",
        }
        position_fields = "op,file,pos"
    config |= {
        "topic.prefix": fmt.server_name,
        "table.include.list": tables,
        # The consumer reads plain JSON numbers and epoch-based times.
        "decimal.handling.mode": "double",
        "time.precision.mode": "connect",
        "key.converter": "org.apache.kafka.connect.json.JsonConverter",
        "value.converter": "org.apache.kafka.connect.json.JsonConverter",
        "key.converter.schemas.enable": "false",
        "value.converter.schemas.enable": "false",
        "tombstones.on.delete": "false",
        "topic.creation.default.partitions": "3",
        "topic.creation.default.replication.factor": "-1",
    }
    excluded = [
        f"{t.db_schema}.{t.name}.{column}" for t in fmt.tables for column in t.excluded_columns
    ]
    if excluded:
        # Left out by Debezium itself, so the change topic never carries them.
        config["column.exclude.list"] = ",".join(excluded)
    if fmt.envelope == "unwrapped":
        # Flatten to the row, keeping what the consumer needs: the operation, the source
        # position (the row version) and a __deleted marker on the delete's before-image.
        config |= {
            "transforms": "unwrap",
            "transforms.unwrap.type": "io.debezium.transforms.ExtractNewRecordState",
            "transforms.unwrap.delete.tombstone.handling.mode": "rewrite",
            "transforms.unwrap.add.fields": position_fields,
        }
    return {"name": name, "config": config}


def connector_json(spec: Pipeline) -> str:
    return json.dumps(connector_config(spec), indent=2) + "\n"
