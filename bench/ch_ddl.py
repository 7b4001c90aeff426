"""CPU of the clickstream sessions table's inserts and merges in chDB under DDL and column variants.

    .venv/bin/python bench/ch_ddl.py capture --generated /tmp/before   # its batches, once
    .venv/bin/python bench/ch_ddl.py run --rounds 3 --variants base,ticks,lc,compact,base8

`capture` runs the generated clickstream_sessions processor (--generated: a copy) in-process (bench/ch_insert.py's
capture: getmany-shaped batches, a flush every 5,000 rows, lookups against REDIS_URL) and keeps
the inserts it asks for. `run` replays them, each variant in a fresh process and a fresh chDB
folder, one insert every 0.3 s as a broker run paces them, then waits until no merge has run for
2 s, and prints the process CPU (all threads: the engine's inserts and merges) per row, and the
inserts' own share. Variants, alternating round by round:

- `base`: the processor's DDL and columns as captured;
- `ticks`: the two DateTime64 columns sent as ticks (epoch ms ints) where the captured processor
  sent datetimes (today's processors send ticks already: capture an older copy to compare);
- `lc`: six string columns LowCardinality (event_type, country, city, user_segment, referrer,
  user_agent);
- `compact`: `min_bytes_for_wide_part` 1 GiB (every part Compact, merged ones too);
- `base8`: `merge_selector_base = 8` (fewer, wider merges; default 5; the processors' setting on
  the embedded engine since 2026-12-03); `baseN`: any other N.

No timed asserts: the machine is shared, compare variants within one run.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import pickle
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

CAPTURED = Path(tempfile.gettempdir()) / "etl-gen-ch-ddl.pickle"
LOW_CARDINALITY = ("event_type", "country", "city", "user_segment", "referrer", "user_agent")
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
MILLISECOND = timedelta(milliseconds=1)


def capture(events: int, generated: Path) -> None:
    import ch_insert

    module, inserts = asyncio.run(
        ch_insert.capture("clickstream_sessions", events, generated, batch_rows=5000)
    )
    CAPTURED.write_bytes(pickle.dumps((list(module.DDL), inserts)))
    print(f"{len(inserts)} inserts, {sum(len(i['columns'][0]) for i in inserts):,} rows")


def table_ddl(statement: str, variant: str) -> str:
    if variant == "lc":
        for name in LOW_CARDINALITY:
            statement = statement.replace(
                f"`{name}` Nullable(String)", f"`{name}` LowCardinality(Nullable(String))"
            ).replace(f"`{name}` String", f"`{name}` LowCardinality(String)")
    elif variant == "compact":
        statement = statement.replace(
            "SETTINGS ", "SETTINGS min_bytes_for_wide_part = 1073741824, "
        )
    elif variant[4:].isdigit():  # base8, base16, ...: merge_selector_base = N
        statement = statement.replace(
            "SETTINGS ", f"SETTINGS merge_selector_base = {int(variant[4:])}, "
        )
    return statement


def replay(variant: str) -> dict:
    import clickhouse_connect

    ddl, inserts = pickle.loads(CAPTURED.read_bytes())  # noqa: S301  (our own file)
    rows = sum(len(i["columns"][0]) for i in inserts)
    with tempfile.TemporaryDirectory(prefix="ch_ddl_") as folder:
        client = clickhouse_connect.get_client(dsn=f"chdb://{folder}")
        client.command(ddl[0])
        client.command(table_ddl(ddl[1], variant))
        started, inserting = time.process_time(), 0.0
        for insert in inserts:
            columns = list(insert["columns"])
            if variant == "ticks":
                for name in ("timestamp", "session_start"):
                    at = insert["column_names"].index(name)
                    if isinstance(columns[at][0], datetime):
                        columns[at] = [(v - EPOCH) // MILLISECOND for v in columns[at]]
            before = time.process_time()
            client.insert(
                insert["table"],
                columns,
                column_names=insert["column_names"],
                database=insert["database"],
                column_oriented=True,
                settings=insert["settings"],
            )
            inserting += time.process_time() - before
            time.sleep(0.3)
        quiet = 0
        while quiet < 4:  # no merge running for 2 s
            running = client.query("SELECT count() FROM system.merges").result_rows[0][0]
            quiet = quiet + 1 if running == 0 else 0
            time.sleep(0.5)
        total = time.process_time() - started
        parts, size = client.query(
            "SELECT count(), sum(bytes_on_disk) FROM system.parts WHERE active "
            "AND table = 'clickstream_events'"
        ).result_rows[0]
    return {
        "variant": variant,
        "cpu_us_per_row": round(total / rows * 1e6, 2),
        "insert_us_per_row": round(inserting / rows * 1e6, 2),
        "parts": parts,
        "bytes": size,
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("command", choices=("capture", "run", "one"))
    parser.add_argument("--events", type=int, default=60_000)
    parser.add_argument("--generated", type=Path, default=HERE.parent / "generated")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--variants", default="base,ticks,lc,compact,base8")
    args = parser.parse_args()
    if args.command == "capture":
        capture(args.events, args.generated)
    elif args.command == "one":  # a single variant, in this process
        print(json.dumps(replay(args.variants)))
    else:
        for _ in range(args.rounds):
            for variant in args.variants.split(","):
                subprocess.run([sys.executable, __file__, "one", "--variants", variant], check=True)


if __name__ == "__main__":
    main()
