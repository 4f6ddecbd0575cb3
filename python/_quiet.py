"""Silences import-time noise from torch/torchao/executorch.

torchao logs a warning for every optional native library it cannot load
(CUDA kernels on a CPU-only machine) and torch warns about a deprecated
pytree registration; neither concerns armlet's users.
"""

from __future__ import annotations

import contextlib
import logging
import warnings
from typing import Iterator

_NOISY_LOGGERS = ("torchao", "torch.utils._pytree")


@contextlib.contextmanager
def quiet_imports() -> Iterator[None]:
    loggers = [logging.getLogger(name) for name in _NOISY_LOGGERS]
    levels = [lg.level for lg in loggers]
    for lg in loggers:
        lg.setLevel(logging.ERROR)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        for lg, level in zip(loggers, levels):
            lg.setLevel(level)
