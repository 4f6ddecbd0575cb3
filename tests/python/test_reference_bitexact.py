"""Reference kernels vs an independent integer implementation written here.

The implementation below follows the arithmetic of the design notes
element by element with Python integers (no numpy vectorization, no shared
code with armlet.ops), so a slip in either shows up as a mismatch.
"""

import math

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from armlet.ops import reference
from armlet.passes.quantized_add_fusion import add_parameters
from armlet.passes.qparams import QParams

import torch

INT32_MIN, INT32_MAX = -(2**31), 2**31 - 1


# Independent implementation ------------------------------------------------


def qm(real: float):
    if real == 0.0:
        return 0, 0
    q, shift = math.frexp(real)
    m = int(math.floor(q * 2**31 + 0.5))
    if m == 2**31:
        m //= 2
        shift += 1
    if shift < -31:
        return 0, 0
    return m, shift


def to_int32(v: int) -> int:
    return (v + 2**31) % 2**32 - 2**31


def srdhm(a: int, b: int) -> int:
    if a == b == INT32_MIN:
        return INT32_MAX
    ab = a * b
    n = ab + ((1 << 30) if ab >= 0 else 1 - (1 << 30))
    return n // 2**31 if n >= 0 else -((-n) // 2**31)


def rdpot(x: int, e: int) -> int:
    mask = (1 << e) - 1
    rem = x & mask
    thr = (mask >> 1) + (1 if x < 0 else 0)
    return (x >> e) + (1 if rem > thr else 0)


def mbqm(x: int, m: int, shift: int) -> int:
    left, right = max(shift, 0), max(-shift, 0)
    return rdpot(srdhm(to_int32(x * (1 << left)), m), right)


def linear_ints(x, w, ks, out_off, mults, shifts, lo, hi):
    """x: rows of ints, w: N rows of K ints."""
    out = []
    for row in x:
        o = []
        for n, wn in enumerate(w):
            acc = to_int32(ks[n] + sum(a * b for a, b in zip(row, wn)))
            c = n if len(mults) > 1 else 0
            o.append(min(max(mbqm(acc, mults[c], shifts[c]) + out_off, lo), hi))
        out.append(o)
    return out


# Strategies -----------------------------------------------------------------

zero_points = st.one_of(st.sampled_from([-128, 127, 0]), st.integers(-128, 127))
scales = st.one_of(
    st.sampled_from([1e-7, 1e-4, 0.02, 1.0, 50.0, 3000.0]),
    st.floats(min_value=1e-6, max_value=1e3, allow_nan=False, allow_infinity=False),
)


@st.composite
def linear_case(draw):
    rows = draw(st.integers(1, 5))
    k = draw(st.sampled_from([1, 3, 15, 17, 33, 61]) | st.integers(1, 40))
    n = draw(st.integers(1, 7))
    per_channel = draw(st.booleans())
    seed = draw(st.integers(0, 2**31 - 1))
    rng = np.random.default_rng(seed)
    x = rng.integers(-128, 128, size=(rows, k), dtype=np.int8)
    w = rng.integers(-127, 128, size=(n, k), dtype=np.int8)
    bias = rng.integers(-(2**20), 2**20, size=n)
    zp_in, zp_out = draw(zero_points), draw(zero_points)
    s_in, s_out = draw(scales), draw(scales)
    w_scales = [draw(scales) for _ in range(n if per_channel else 1)]
    lo = draw(st.sampled_from([-128, -128, zp_out]))
    hi = draw(st.sampled_from([127, 127, max(lo, min(127, zp_out + 50))]))
    return x, w, bias, zp_in, zp_out, s_in, s_out, w_scales, lo, hi


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(linear_case())
def test_quantized_linear_bit_exact(case):
    x, w, bias, zp_in, zp_out, s_in, s_out, w_scales, lo, hi = case
    input_offset = -zp_in
    ks = [int(bias[n]) + input_offset * int(sum(int(v) for v in w[n])) for n in range(w.shape[0])]
    pairs = [qm(s_in * ws / s_out) for ws in w_scales]
    mults, shifts = [p[0] for p in pairs], [p[1] for p in pairs]
    expected = linear_ints(x.tolist(), w.tolist(), ks, zp_out, mults, shifts, lo, hi)
    got = reference.quantized_linear(
        x, w, np.array(ks, dtype=np.int32), input_offset, 0, zp_out, mults, shifts, lo, hi
    )
    assert got.dtype == np.int8
    assert got.tolist() == expected


def test_quantized_linear_rank_n_input():
    rng = np.random.default_rng(0)
    x = rng.integers(-128, 128, size=(2, 3, 1, 5), dtype=np.int8)
    w = rng.integers(-127, 128, size=(4, 5), dtype=np.int8)
    ks = np.arange(4, dtype=np.int32) * 100
    got = reference.quantized_linear(x, w, ks, 3, 0, -1, [1 << 30], [-6], -128, 127)
    flat = reference.quantized_linear(x.reshape(-1, 5), w, ks, 3, 0, -1, [1 << 30], [-6], -128, 127)
    assert got.shape == (2, 3, 1, 4)
    assert np.array_equal(got.reshape(-1, 4), flat)


def test_quantized_linear_rejects_filter_offset():
    x = np.zeros((1, 2), np.int8)
    w = np.zeros((1, 2), np.int8)
    with pytest.raises(ValueError, match="filter_offset"):
        reference.quantized_linear(x, w, np.zeros(1, np.int32), 0, 3, 0, [1 << 30], [0], -128, 127)


broadcast_shapes = st.sampled_from(
    [((3,), (3,)), ((2, 4), (4,)), ((2, 1, 3), (1, 5, 3)), ((1,), (2, 3)), ((4, 1), (1, 6)), ((2, 3, 4), (2, 3, 4))]
)


@settings(max_examples=120, deadline=None)
@given(broadcast_shapes, zero_points, zero_points, zero_points, scales, scales, scales,
       st.booleans(), st.integers(0, 2**31 - 1))
def test_quantized_add_bit_exact(shapes, zp_a, zp_b, zp_y, s_a, s_b, s_y, relu, seed):
    rng = np.random.default_rng(seed)
    a = rng.integers(-128, 128, size=shapes[0], dtype=np.int8)
    b = rng.integers(-128, 128, size=shapes[1], dtype=np.int8)
    q = lambda s, z: QParams(s, z, -128, 127, torch.int8)  # noqa: E731
    lo = zp_y if relu else -128
    params = list(add_parameters(q(s_a, zp_a), q(s_b, zp_b), q(s_y, zp_y)))
    params[-2] = lo
    (off_a, m_a, sh_a, off_b, m_b, sh_b, off_y, m_y, sh_y, left, lo, hi) = params
    # The parameters themselves, independently.
    twice_max = 2 * max(s_a, s_b)
    assert (m_a, sh_a) == qm(s_a / twice_max)
    assert (m_b, sh_b) == qm(s_b / twice_max)
    assert (m_y, sh_y) == qm(twice_max / ((1 << 20) * s_y))
    assert left == 20
    got = reference.quantized_add(a, b, *params)
    ab, bb = np.broadcast_arrays(a, b)
    expected = np.empty(ab.shape, dtype=np.int64)
    for idx in np.ndindex(ab.shape):
        xa = mbqm(to_int32((int(ab[idx]) + off_a) << left), m_a, sh_a)
        xb = mbqm(to_int32((int(bb[idx]) + off_b) << left), m_b, sh_b)
        v = mbqm(to_int32(xa + xb), m_y, sh_y) + off_y
        expected[idx] = min(max(v, lo), hi)
    assert got.shape == expected.shape
    assert got.tolist() == expected.tolist()


finite_f32 = st.floats(width=32, allow_nan=False, allow_infinity=False)


@settings(max_examples=100, deadline=None)
@given(st.lists(finite_f32, min_size=1, max_size=40), scales, zero_points)
def test_quantize_dequantize_bit_exact(values, scale, zp):
    x = np.array(values, dtype=np.float32)
    got = reference.quantize_per_tensor(x, scale, zp, -128, 127)
    inv = np.float32(1.0) / np.float32(scale)
    for v, g in zip(x, got):
        with np.errstate(over="ignore"):
            prod = float(np.float32(v) * inv)  # one float32 multiply
        r = round(prod) if math.isfinite(prod) else (math.copysign(1e9, prod))  # Python round: half even
        expect = min(max(r + zp, -128), 127)
        assert int(g) == expect
    back = reference.dequantize_per_tensor(got, scale, zp, -128, 127)
    for q, f in zip(got, back):
        assert f == np.float32(np.float32(int(q) - zp) * np.float32(scale))
    assert back.dtype == np.float32

