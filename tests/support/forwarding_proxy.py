"""A tiny reverse proxy, run as its own process: ``python -m tests.support.forwarding_proxy LISTEN_PORT UPSTREAM_PORT``.

It stands in for nginx or a load balancer that terminates TLS: for each connection it reads
one request, appends the peer's address to ``X-Forwarded-For``, sets ``X-Forwarded-Proto:
https``, forwards it to 127.0.0.1:UPSTREAM_PORT (connecting from 127.0.0.1) and pipes the
answer back. It prints ``ready`` once it listens.
"""

from __future__ import annotations

import asyncio
import sys

_MAX_HEAD = 64 * 1024


async def _handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, upstream_port: int) -> None:
    peer = writer.get_extra_info("peername")[0]
    try:
        head = await reader.readuntil(b"\r\n\r\n")
    except (asyncio.IncompleteReadError, asyncio.LimitOverrunError):
        writer.close()
        return
    lines = head[:-4].split(b"\r\n")
    request_line, headers = lines[0], []
    forwarded, length = [], 0
    for line in lines[1:]:
        name, _, value = line.partition(b":")
        key = name.strip().lower()
        if key == b"x-forwarded-for":
            forwarded.append(value.strip())
        elif key == b"content-length":
            length = int(value.strip())
        if key not in (b"x-forwarded-for", b"x-forwarded-proto", b"connection"):
            headers.append(line)
    body = await reader.readexactly(length) if length else b""
    forwarded.append(peer.encode())
    headers += [b"X-Forwarded-For: " + b", ".join(forwarded), b"X-Forwarded-Proto: https", b"Connection: close"]
    up_reader, up_writer = await asyncio.open_connection("127.0.0.1", upstream_port, local_addr=("127.0.0.1", 0))
    up_writer.write(b"\r\n".join([request_line, *headers]) + b"\r\n\r\n" + body)
    await up_writer.drain()
    while chunk := await up_reader.read(65536):
        writer.write(chunk)
        await writer.drain()
    up_writer.close()
    writer.close()


async def _main(listen_port: int, upstream_port: int) -> None:
    server = await asyncio.start_server(lambda r, w: _handle(r, w, upstream_port), "127.0.0.1", listen_port,
                                        limit=_MAX_HEAD)
    print("ready", flush=True)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    asyncio.run(_main(int(sys.argv[1]), int(sys.argv[2])))
