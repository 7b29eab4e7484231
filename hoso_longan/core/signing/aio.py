"""Run one coroutine to completion from synchronous code, without ``asyncio.run``'s Ctrl-C handling.

``asyncio.run`` (Python 3.11) installs a SIGINT handler that holds the main task, and on leaving it asks
``signal.getsignal`` whether that handler is still in place; ``getsignal`` tries to turn the handler into a
``Handlers`` enum member and formats the failure with ``repr(handler)``, so the finished task, and with it
the task's result, is printed to a string each time. For a signing batch the result is the signed PDFs
(megabytes of ``repr``); for a verification, the signature status. A private event loop skips that: Ctrl-C
then interrupts the loop with ``KeyboardInterrupt`` as it interrupts any other code.
"""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from typing import Any, TypeVar

T = TypeVar("T")


def run_sync(coroutine: Coroutine[Any, Any, T]) -> T:
	loop = asyncio.new_event_loop()
	try:
		return loop.run_until_complete(coroutine)
	finally:
		try:
			loop.run_until_complete(loop.shutdown_asyncgens())
		finally:
			loop.close()
