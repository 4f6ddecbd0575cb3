"""Reference kernels for armlet's operators, in numpy.

These are the golden: the device kernels (scalar, DSP, MVE) must produce
the same bytes. Each function takes and returns numpy arrays and plain
Python numbers, in the argument order of ``operators.json``.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np

from .arithmetic import mbqm, wrap_int32

INT8_MIN = -128
INT8_MAX = 127


def _check_qparams(scale: float, zero_point: int, quant_min: int, quant_max: int) -> None:
    """The per-tensor parameters every C path also rejects when invalid."""
    if not INT8_MIN <= quant_min <= quant_max <= INT8_MAX:
        raise ValueError(f"quantization range [{quant_min}, {quant_max}] is not inside int8")
    if not quant_min <= zero_point <= quant_max:
        raise ValueError(f"zero point {zero_point} is outside [{quant_min}, {quant_max}]")
    scale32 = np.float32(scale) if abs(scale) < 3.4e38 else np.float32(np.inf)
    if not (np.isfinite(scale32) and scale32 > 0):
        raise ValueError(f"scale {scale} is not a positive finite float32")


def quantize_per_tensor(
    x: np.ndarray, scale: float, zero_point: int, quant_min: int, quant_max: int
) -> np.ndarray:
    """float32 -> int8, computed entirely in float32.

    inv = 1 / float32(scale); q = clamp(rint_half_even(x * inv) + zp, qmin, qmax).
    """
    _check_qparams(scale, zero_point, quant_min, quant_max)
    x32 = np.asarray(x, dtype=np.float32)
    inv = np.float32(1.0) / np.float32(scale)
    with np.errstate(over="ignore", invalid="ignore"):
        q = np.rint(x32 * inv) + np.float32(zero_point)
    q = np.clip(q, np.float32(quant_min), np.float32(quant_max))
    # NaN has no defined quantized value; map it to the zero point so the
    # golden is deterministic.
    q = np.where(np.isnan(q), np.float32(zero_point), q)
    return q.astype(np.int8)


def dequantize_per_tensor(
    q: np.ndarray, scale: float, zero_point: int, quant_min: int, quant_max: int
) -> np.ndarray:
    """int8 -> float32: float32(q - zp) * float32(scale)."""
    _check_qparams(scale, zero_point, quant_min, quant_max)
    centered = np.asarray(q, dtype=np.int32) - np.int32(zero_point)
    return centered.astype(np.float32) * np.float32(scale)


def quantized_linear(
    x: np.ndarray,
    weights: np.ndarray,
    kernel_sum: np.ndarray,
    input_offset: int,
    filter_offset: int,
    output_offset: int,
    requantize_multipliers: Sequence[int],
    requantize_shifts: Sequence[int],
    activation_min: int,
    activation_max: int,
) -> np.ndarray:
    """int8 [..., K] x int8 [N, K] -> int8 [..., N].

    acc[b, n] = kernel_sum[n] + sum_k x[b, k] * w[n, k]   (int32)
    out = clamp(mbqm(acc, m[c], s[c]) + output_offset, act_min, act_max)
    with c = n per-channel (N multipliers) or 0 per-tensor (one multiplier).
    The input offset is already inside kernel_sum (folded ahead of time).
    """
    x = np.asarray(x)
    w = np.asarray(weights)
    ks = np.asarray(kernel_sum)
    if x.dtype != np.int8 or w.dtype != np.int8 or ks.dtype != np.int32:
        raise TypeError(
            f"quantized_linear takes int8 input, int8 weights, int32 kernel_sum; "
            f"got {x.dtype}, {w.dtype}, {ks.dtype}"
        )
    if w.ndim != 2 or x.ndim < 1:
        raise ValueError(f"quantized_linear: weights must be [N, K] and input [..., K]; got {w.shape}, {x.shape}")
    n, k = w.shape
    if x.shape[-1] != k or ks.shape != (n,):
        raise ValueError(
            f"quantized_linear: input {x.shape}, weights {w.shape}, kernel_sum {ks.shape} do not agree"
        )
    if filter_offset != 0:
        raise ValueError("quantized_linear: nonzero filter_offset (asymmetric weights) is not supported")
    mults = np.asarray(requantize_multipliers, dtype=np.int64)
    shifts = np.asarray(requantize_shifts, dtype=np.int64)
    if mults.shape != shifts.shape or mults.shape not in ((1,), (n,)):
        raise ValueError(
            f"quantized_linear: expected 1 or {n} multipliers/shifts, got {mults.shape[0]}/{shifts.shape[0]}"
        )
    if not INT8_MIN <= activation_min <= activation_max <= INT8_MAX:
        raise ValueError(f"quantized_linear: bad activation range [{activation_min}, {activation_max}]")

    rows = x.reshape(-1, k).astype(np.int64)
    acc = wrap_int32(rows @ w.astype(np.int64).T + ks.astype(np.int64)[None, :])
    scaled = mbqm(acc, mults[None, :], shifts[None, :]) + int(output_offset)
    out = np.clip(scaled, activation_min, activation_max).astype(np.int8)
    return out.reshape(x.shape[:-1] + (n,))


def quantized_add(
    a: np.ndarray,
    b: np.ndarray,
    self_offset: int,
    self_multiplier: int,
    self_shift: int,
    other_offset: int,
    other_multiplier: int,
    other_shift: int,
    output_offset: int,
    output_multiplier: int,
    output_shift: int,
    left_shift: int,
    activation_min: int,
    activation_max: int,
) -> np.ndarray:
    """int8 + int8 -> int8 with numpy broadcasting (TFLite int8 ADD).

    Both inputs are centred, shifted left by left_shift, rescaled to a common
    scale, summed, and the sum is rescaled to the output scale.
    """
    a = np.asarray(a)
    b = np.asarray(b)
    if a.dtype != np.int8 or b.dtype != np.int8:
        raise TypeError(f"quantized_add takes int8 inputs; got {a.dtype}, {b.dtype}")
    if not 0 <= left_shift <= 30:
        raise ValueError(f"quantized_add: left_shift {left_shift} out of range")
    if not INT8_MIN <= activation_min <= activation_max <= INT8_MAX:
        raise ValueError(f"quantized_add: bad activation range [{activation_min}, {activation_max}]")
    a_shifted = wrap_int32((a.astype(np.int64) + self_offset) << left_shift)
    b_shifted = wrap_int32((b.astype(np.int64) + other_offset) << left_shift)
    a_scaled = mbqm(a_shifted, self_multiplier, self_shift)
    b_scaled = mbqm(b_shifted, other_multiplier, other_shift)
    total = wrap_int32(a_scaled + b_scaled)  # broadcasts
    out = mbqm(total, output_multiplier, output_shift) + int(output_offset)
    return np.clip(out, activation_min, activation_max).astype(np.int8)
