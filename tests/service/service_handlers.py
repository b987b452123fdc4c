"""Stand-in worker jobs for the failure tests: sleep past the limit, crash, raise.

Referenced by name ("tests.service.service_handlers:job") and imported in the
worker processes, which is why it is a module of its own.
"""
from __future__ import annotations

import json
import os
import signal
import time

from parser.errors import EmptyDocument


def job(payload: dict) -> bytes:
    data: bytes = payload["data"]
    if data.startswith(b"sleep:"):
        time.sleep(float(data[6:]))
        return b'{"slept": true}'
    if data == b"crash":
        os.kill(os.getpid(), signal.SIGKILL)
    if data == b"boom":
        raise RuntimeError("secret internal detail /srv/private/key")
    if data == b"empty":
        raise EmptyDocument("the file is empty")
    return json.dumps({"size": len(data), "filename": payload.get("filename"), "ocr": payload.get("ocr")}).encode()
