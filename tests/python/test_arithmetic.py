"""The requantization arithmetic (ops/arithmetic.py) against its definition."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from armlet.ops import arithmetic as ar

INT32_MIN, INT32_MAX = -(2**31), 2**31 - 1
int32s = st.integers(INT32_MIN, INT32_MAX)


def trunc_div(a: int, b: int) -> int:
    q = abs(a) // abs(b)
    return q if (a >= 0) == (b > 0) else -q


def srdhm_int(a: int, b: int) -> int:
    if a == b == INT32_MIN:
        return INT32_MAX
    ab = a * b
    nudge = (1 << 30) if ab >= 0 else 1 - (1 << 30)
    return trunc_div(ab + nudge, 1 << 31)


def rdpot_int(x: int, e: int) -> int:
    mask = (1 << e) - 1
    remainder = x & mask
    threshold = (mask >> 1) + (1 if x < 0 else 0)
    return (x >> e) + (1 if remainder > threshold else 0)


@pytest.mark.parametrize(
    "real, expected",
    [
        (0.0, (0, 0)),
        (0.5, (1 << 30, 0)),
        (1.0, (1 << 30, 1)),
        (0.25, (1 << 30, -1)),
        (0.75, (3 << 29, 0)),
        (2.0**-40, (0, 0)),  # below 2**-31 of range: the runtime cannot shift that far
        (1.0 - 2.0**-40, (1 << 30, 1)),  # mantissa rounds up to 2**31 and renormalizes
    ],
)
def test_quantize_multiplier_known_values(real, expected):
    assert ar.quantize_multiplier(real) == expected


def test_quantize_multiplier_rejects_negative_and_nan():
    with pytest.raises(ValueError):
        ar.quantize_multiplier(-1.0)
    with pytest.raises(ValueError):
        ar.quantize_multiplier(float("nan"))


@settings(max_examples=200, deadline=None)
@given(st.floats(min_value=2.0**-31, max_value=2.0**20, allow_nan=False))
def test_quantize_multiplier_approximates(real):
    m, shift = ar.quantize_multiplier(real)
    assert (1 << 30) <= m < (1 << 31)
    assert math.isclose(m * 2.0 ** (shift - 31), real, rel_tol=2.0**-30)


@settings(max_examples=300, deadline=None)
@given(int32s, int32s)
def test_srdhm_matches_python_integers(a, b):
    assert int(ar.srdhm(a, b)) == srdhm_int(a, b)


def test_srdhm_saturates():
    assert int(ar.srdhm(INT32_MIN, INT32_MIN)) == INT32_MAX
    assert int(ar.srdhm(INT32_MIN, INT32_MAX)) == srdhm_int(INT32_MIN, INT32_MAX)


@pytest.mark.parametrize(
    "x, e, expected",
    [(3, 1, 2), (-3, 1, -2), (5, 2, 1), (-5, 2, -1), (6, 2, 2), (-6, 2, -2), (7, 0, 7), (-1, 31, 0)],
)
def test_rdpot_rounds_half_away_from_zero(x, e, expected):
    assert int(ar.rdpot(x, e)) == expected


@settings(max_examples=300, deadline=None)
@given(int32s, st.integers(0, 31))
def test_rdpot_matches_python_integers(x, e):
    assert int(ar.rdpot(x, e)) == rdpot_int(x, e)


@settings(max_examples=300, deadline=None)
@given(st.integers(-(2**24), 2**24), st.floats(min_value=2.0**-20, max_value=8.0))
def test_mbqm_is_rounded_product(x, real):
    """MBQM(x, QM(r)) is x * r up to the rounding of the two steps."""
    m, shift = ar.quantize_multiplier(real)
    got = int(ar.mbqm(x, m, shift))
    exact = x * m * 2.0 ** (shift - 31)
    assert abs(got - exact) <= 1.0


def test_mbqm_vectorized_per_channel():
    x = np.array([[100, -100, 7], [1 << 20, -(1 << 20), 0]], dtype=np.int64)
    mults = np.array([1 << 30, 3 << 29, 1 << 30])
    shifts = np.array([0, -3, 2])
    got = ar.mbqm(x, mults[None, :], shifts[None, :])
    for r in range(2):
        for c in range(3):
            left, right = max(shifts[c], 0), max(-shifts[c], 0)
            expect = rdpot_int(srdhm_int(int(x[r, c]) << left, int(mults[c])), right)
            assert int(got[r, c]) == expect

