"""Helper processes that end with the process they work for.

A SHACL worker is forked by multiprocessing's forkserver, not by the command that wants its results,
so neither ``PR_SET_PDEATHSIG`` (it fires on the death of the forkserver) nor the end of the pool
(the command was killed, nothing shuts it down) stops it: killed commands left four 138 MB workers
running for an hour (issue 13). Each worker watches the command itself and exits when it is gone;
the forkserver and resource tracker then see their last client go and exit too.
"""

from __future__ import annotations

import os
import select
import threading
import time

POLL_S = 0.5
"""Where pidfd is unavailable (not Linux >= 5.3), how often the owner's pid is checked."""


def _owner_gone(owner: int) -> bool:
    try:
        os.kill(owner, 0)
    except ProcessLookupError:
        return True
    except PermissionError:  # it exists, under another user: a reused pid, so the owner is gone
        return True
    return False


def _watch(owner: int) -> None:
    try:
        fd = os.pidfd_open(owner)
    except ProcessLookupError:
        os._exit(1)
    except (AttributeError, OSError):  # no pidfd: poll
        while not _owner_gone(owner):
            time.sleep(POLL_S)
        os._exit(1)
    select.select([fd], [], [])  # readable once the owner has exited
    os._exit(1)


def exit_with(owner: int) -> None:
    """End this process (at once, without clean-up: it holds nothing of its own) when ``owner`` exits."""
    if owner <= 0 or owner == os.getpid():
        return
    threading.Thread(target=_watch, args=(owner,), name=f"exit-with-{owner}", daemon=True).start()
