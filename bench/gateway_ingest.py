"""Gateway ingest throughput, against a direct aiokafka producer of the same events.

Runs on a broker of its own: starts it, creates a key store and a token, starts
``jeugdhub gateway``, posts N events in batches (acks=all behind every 2xx), then sends
the same events, vetted and encoded in advance, straight to Kafka with aiokafka as the
baseline. Prints both rates and, last, the ratio.

    python -m bench.gateway_ingest [--events 50000] [--batch 500] [--clients 4] [--workers 2]
"""

import argparse
import asyncio
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from bench.common import PROVIDER, new_keystore, own_broker, placement_records
from connectors.gateway.tokens import TokenStore
from connectors.publisher import durable_producer, message_key
from jeugdhub.kafka_access import KafkaAccess
from jeugdhub.localkafka.broker import free_port
from privacy.edge import Edge
from privacy.keys import KeyStore
from privacy.pseudonym import Pseudonymiser
from schemas.catalog import topic_for
from schemas.codec import encode
from schemas.records import Source


async def _post_all(url: str, token: str, batches: list[bytes], clients: int) -> float:
    queue: asyncio.Queue[bytes] = asyncio.Queue()
    for batch in batches:
        queue.put_nowait(batch)
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}

    async def client() -> None:
        async with httpx.AsyncClient(timeout=120) as http:
            while not queue.empty():
                body = queue.get_nowait()
                response = await http.post(f"{url}/v1/events", content=body, headers=headers)
                if response.status_code != 200:
                    raise SystemExit(
                        f"gateway answered {response.status_code}: {response.text[:300]}"
                    )

    started = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(clients)))
    return time.perf_counter() - started


async def _direct(admin: KafkaAccess, messages: list[tuple[str, bytes, bytes]]) -> float:
    producer = durable_producer(admin)
    await producer.start()
    try:
        started = time.perf_counter()
        pending = [await producer.send(topic, value, key=key) for topic, key, value in messages]
        await asyncio.gather(*pending)
        return time.perf_counter() - started
    finally:
        await producer.stop()


def _start_gateway(env: dict[str, str], port: int, workers: int) -> subprocess.Popen[bytes]:
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "jeugdhub",
            "gateway",
            "--port",
            str(port),
            "--workers",
            str(workers),
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(300):
        try:
            if httpx.get(f"http://127.0.0.1:{port}/ready", timeout=1).status_code == 200:
                return process
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    process.kill()
    raise SystemExit("the gateway did not become ready")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--events", type=int, default=50_000)
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        state = Path(folder)
        with own_broker(state / "broker") as (admin, kafka_env):
            keys, kek_env = new_keystore(state)
            _, token = TokenStore(state / "gateway" / "tokens.json").issue(Source(**PROVIDER))
            records = placement_records(args.events)
            batches = [
                json.dumps({"records": records[i : i + args.batch]}).encode()
                for i in range(0, len(records), args.batch)
            ]
            env = {
                **os.environ,
                **kek_env,
                "JEUGDHUB_STATE_DIR": str(state),
                **kafka_env,
                "JEUGDHUB_GATEWAY_RATE_PER_SECOND": "100000",
                "JEUGDHUB_GATEWAY_RATE_BURST": "100000",
            }
            port = free_port()
            gateway = _start_gateway(env, port, args.workers)
            try:
                gateway_s = asyncio.run(
                    _post_all(f"http://127.0.0.1:{port}", token, batches, args.clients)
                )
            finally:
                gateway.terminate()
                gateway.wait(timeout=60)
            messages = _vetted_messages(keys, records)
            direct_s = asyncio.run(_direct(admin, messages))

    gateway_rate = args.events / gateway_s
    direct_rate = args.events / direct_s
    print(f"events                      {args.events} in batches of {args.batch}")
    print(f"clients / gateway workers   {args.clients} / {args.workers}")
    print(f"gateway (acks=all)          {gateway_rate:>10,.0f} events/s")
    print(f"direct aiokafka (baseline)  {direct_rate:>10,.0f} events/s")
    print(f"ratio gateway/baseline      {gateway_rate / direct_rate:>10.2f}")


def _vetted_messages(
    keys: KeyStore, records: list[dict[str, object]]
) -> list[tuple[str, bytes, bytes]]:
    edge = Edge(Pseudonymiser(keys))
    messages = []
    for record in records:
        vetted = edge.person_event({**record, "source": PROVIDER})
        event = vetted.event
        messages.append(
            (topic_for(event, justice=vetted.justice), message_key(event), encode(event))
        )
    return messages


if __name__ == "__main__":
    main()
