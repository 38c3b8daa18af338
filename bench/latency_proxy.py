#!/usr/bin/env python3
"""A TCP proxy that makes loopback look like a wide-area link: each chunk read from one side is
written to the other side DELAY milliseconds later. Chunks of one direction keep their order and
nothing is throttled, so the only change is latency (a round trip costs 2 * DELAY). TLS passes
through untouched: the proxy never looks inside the bytes.

    latency_proxy.py --port 14000 --upstream 127.0.0.1:14001 --delay-ms 25 [--count-file FILE]

It listens on the loopback addresses only, IPv4 and IPv6 (a validator may dial either).

With --count-file, the number of connections accepted so far is written there after each accept
(the benchmark reads it to count TCP+TLS handshakes). Runs until killed.
"""

import argparse
import asyncio
import time


async def pump(reader, queue, delay, not_before=0.0):
    """Reads chunks into QUEUE, each stamped with the time it is due on the far side."""
    while True:
        try:
            data = await reader.read(65536)
        except (ConnectionError, OSError):
            data = b""
        await queue.put((max(time.monotonic(), not_before) + delay, data))
        if not data:
            return


async def deliver(queue, writer):
    """Writes the chunks of QUEUE in order, each when it is due; an empty chunk is end of stream."""
    while True:
        due, data = await queue.get()
        wait = due - time.monotonic()
        if wait > 0:
            await asyncio.sleep(wait)
        if not data:
            if writer.can_write_eof():
                writer.write_eof()
            return
        writer.write(data)
        await writer.drain()


class LatencyProxy:
    def __init__(self, upstream_host, upstream_port, delay, count_file):
        self.upstream_host = upstream_host
        self.upstream_port = upstream_port
        self.delay = delay
        self.count_file = count_file
        self.connections = 0

    async def handle(self, client_reader, client_writer):
        self.connections += 1
        if self.count_file:
            with open(self.count_file, "w") as out:
                out.write(f"{self.connections}\n")
        # The TCP handshake crosses the link too: nothing the client sends can leave before its SYN
        # went out and the SYN-ACK came back (one round trip), and it arrives one delay later. The
        # upstream connection is opened only when the first bytes are due, as a real server sees a
        # connection and its first request together; a listener that drops idle connections (ours
        # does) then sees no idle time the proxy made up.
        to_upstream = asyncio.Queue()
        to_client = asyncio.Queue()
        pumps = [asyncio.ensure_future(pump(client_reader, to_upstream, self.delay,
                                            time.monotonic() + 2 * self.delay))]
        upstream_writer = None
        try:
            due, data = await to_upstream.get()
            wait = due - time.monotonic()
            if wait > 0:
                await asyncio.sleep(wait)
            if not data:
                return
            upstream_reader, upstream_writer = await asyncio.open_connection(
                self.upstream_host, self.upstream_port
            )
            upstream_writer.write(data)
            pumps.append(asyncio.ensure_future(pump(upstream_reader, to_client, self.delay)))
            await asyncio.gather(deliver(to_upstream, upstream_writer), deliver(to_client, client_writer))
        except (ConnectionError, OSError):
            pass
        finally:
            for task in pumps:
                task.cancel()
            for writer in (client_writer, upstream_writer):
                if writer is not None:
                    writer.close()


def host_port(text):
    host, _, port = text.rpartition(":")
    return host, int(port)


async def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True, help="port to accept on (127.0.0.1 and ::1)")
    parser.add_argument("--upstream", required=True, help="HOST:PORT to forward to")
    parser.add_argument("--delay-ms", type=float, required=True, help="one-way delay per direction")
    parser.add_argument("--count-file", help="write the number of accepted connections here")
    args = parser.parse_args()
    upstream_host, upstream_port = host_port(args.upstream)
    proxy = LatencyProxy(upstream_host, upstream_port, args.delay_ms / 1000.0, args.count_file)
    server = await asyncio.start_server(proxy.handle, ["127.0.0.1", "::1"], args.port)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        pass
