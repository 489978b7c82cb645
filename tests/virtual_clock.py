"""An event loop whose clock moves one microsecond per turn of the loop and jumps to the next timer
instead of waiting for it: code that only waits on asyncio time (rate limiters, sleeps) runs at once and
lands on the same times on every run, however loaded the machine.
Only for code without network I/O: waiting for a socket would jump the clock past every timeout.

    with asyncio.Runner(loop_factory=VirtualClockLoop) as runner:
        runner.run(main())
"""

from __future__ import annotations

import asyncio
import selectors

TICK = 1e-6  # seconds per turn of the loop: without it, a timer set "a rounding error from now" would
# fire again and again at the same instant (aiolimiter does that).


class _SkippingSelector(selectors.DefaultSelector):
    """Never blocks: when nothing is ready, the time the loop would have slept is added to the clock."""

    skipped = 0.0

    def select(self, timeout: float | None = None) -> list[tuple[selectors.SelectorKey, int]]:
        ready = super().select(0)
        if not ready and timeout is None:
            raise RuntimeError("every task waits and no timer is due: they would wait forever")
        self.skipped += max(timeout or 0.0, TICK) if not ready else TICK
        return ready


class VirtualClockLoop(asyncio.SelectorEventLoop):
    def __init__(self) -> None:
        self._skipping = _SkippingSelector()
        super().__init__(selector=self._skipping)

    def time(self) -> float:
        return self._skipping.skipped
