"""A slow SMTP sink for the cluster tests: accepts every message, takes
DELAY seconds over each (so that sending a batch is a job that runs long
enough to be interrupted), and writes each to OUT_DIR as a numbered .eml.

    python3 smtp_sink.py PORT OUT_DIR [DELAY]
"""

import asyncio
import itertools
import pathlib
import sys

PORT = int(sys.argv[1])
OUT = pathlib.Path(sys.argv[2])
DELAY = float(sys.argv[3]) if len(sys.argv) > 3 else 0.0
NUMBERS = itertools.count(1)


async def session(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    def say(line: str) -> None:
        writer.write((line + "\r\n").encode())

    say("220 sink ESMTP")
    try:
        while line := await reader.readline():
            verb = line.decode(errors="replace").strip().split(" ")[0].upper()
            if verb in ("EHLO", "HELO"):
                say("250 sink")
            elif verb == "DATA":
                say("354 end with a dot")
                await writer.drain()
                message = bytearray()
                while (chunk := await reader.readline()) not in (b".\r\n", b".\n", b""):
                    message += chunk
                await asyncio.sleep(DELAY)
                OUT.joinpath(f"{next(NUMBERS):05}.eml").write_bytes(bytes(message))
                say("250 queued")
            elif verb == "QUIT":
                say("221 bye")
                await writer.drain()
                break
            else:
                say("250 ok")
            await writer.drain()
    finally:
        writer.close()


async def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    server = await asyncio.start_server(session, "127.0.0.1", PORT)
    async with server:
        await server.serve_forever()


asyncio.run(main())
