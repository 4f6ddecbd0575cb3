"""Integer requantization arithmetic shared by every armlet operator.

This is the definition the C kernels must match bit for bit. Everything
runs on int64 numpy arrays so that intermediate products never overflow,
and results are brought back to int32 exactly where the C code holds an
int32.

- ``quantize_multiplier`` turns a real scale into a Q31 multiplier and a
  power-of-two exponent (ahead of time only, never on the device).
- ``srdhm`` is SaturatingRoundingDoublingHighMul.
- ``rdpot`` is RoundingDivideByPOT (round half away from zero).
- ``mbqm`` is MultiplyByQuantizedMultiplier = rdpot(srdhm(x << left, m), right).
"""

from __future__ import annotations

import math
from typing import Sequence, Tuple, Union

import numpy as np

INT32_MIN = -(1 << 31)
INT32_MAX = (1 << 31) - 1

ArrayLike = Union[int, np.ndarray, Sequence[int]]


def quantize_multiplier(real: float) -> Tuple[int, int]:
    """Returns (multiplier, shift) with real ~= multiplier * 2**(shift - 31).

    The multiplier is a Q31 value in [2**30, 2**31) (or 0). Rounding of the
    mantissa is half away from zero, and a mantissa that rounds up to 2**31
    is renormalized. Exponents below -31 cannot be represented by the
    runtime's right shift and collapse to zero.
    """
    real = float(real)
    if real < 0.0 or not math.isfinite(real):
        raise ValueError(f"requantization scale must be finite and >= 0, got {real}")
    if real == 0.0:
        return 0, 0
    mantissa, shift = math.frexp(real)
    scaled = mantissa * float(1 << 31)  # exact: power-of-two scaling
    multiplier = int(math.floor(scaled + 0.5))  # mantissa > 0: half away from zero
    if multiplier == (1 << 31):
        multiplier //= 2
        shift += 1
    if shift < -31:
        return 0, 0
    if multiplier > INT32_MAX:
        raise ValueError(f"requantization scale {real} is too large")
    return multiplier, shift


def quantize_multipliers(reals: Sequence[float]) -> Tuple[list, list]:
    """quantize_multiplier over a list (per-channel scales)."""
    pairs = [quantize_multiplier(r) for r in reals]
    return [m for m, _ in pairs], [s for _, s in pairs]


def wrap_int32(x: ArrayLike) -> np.ndarray:
    """Two's complement wrap of int64 values into int32 range (held in int64).

    Used where the C code holds an int32 and the computation is specified
    not to overflow for valid inputs: wrapping keeps the golden identical to
    what a 32-bit accumulator does even outside that range.
    """
    v = np.asarray(x, dtype=np.int64)
    return ((v + (1 << 31)) & 0xFFFFFFFF) - (1 << 31)


def _trunc_div_pow2(v: np.ndarray, bits: int) -> np.ndarray:
    """C-style (toward zero) division of int64 values by 2**bits."""
    magnitude = np.abs(v) >> bits
    return np.where(v >= 0, magnitude, -magnitude)


def srdhm(a: ArrayLike, b: ArrayLike) -> np.ndarray:
    """SaturatingRoundingDoublingHighMul of int32 values (returned as int64)."""
    a64 = np.asarray(a, dtype=np.int64)
    b64 = np.asarray(b, dtype=np.int64)
    overflow = (a64 == INT32_MIN) & (b64 == INT32_MIN)
    ab = a64 * b64
    nudge = np.where(ab >= 0, np.int64(1 << 30), np.int64(1 - (1 << 30)))
    high = _trunc_div_pow2(ab + nudge, 31)
    return np.where(overflow, np.int64(INT32_MAX), high)


def rdpot(x: ArrayLike, exponent: ArrayLike) -> np.ndarray:
    """RoundingDivideByPOT: x / 2**exponent rounded half away from zero."""
    x64 = np.asarray(x, dtype=np.int64)
    e = np.asarray(exponent, dtype=np.int64)
    if np.any(e < 0) or np.any(e > 31):
        raise ValueError("rounding shift exponent must be in [0, 31]")
    mask = (np.int64(1) << e) - 1
    remainder = x64 & mask
    threshold = (mask >> 1) + (x64 < 0).astype(np.int64)
    return (x64 >> e) + (remainder > threshold).astype(np.int64)


def mbqm(x: ArrayLike, multiplier: ArrayLike, shift: ArrayLike) -> np.ndarray:
    """MultiplyByQuantizedMultiplier(x, m, shift) on int32 values (as int64).

    shift > 0 is a left shift before the high multiply, done in int32 like
    the C code; shift < 0 is a rounding right shift after it.
    """
    s = np.asarray(shift, dtype=np.int64)
    left = np.maximum(s, 0)
    right = np.maximum(-s, 0)
    shifted = wrap_int32(np.asarray(x, dtype=np.int64) << left)
    return rdpot(srdhm(shifted, multiplier), right)
