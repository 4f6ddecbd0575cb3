"""Tensor bundle files: layout, round trips, and malformed input."""

import struct

import numpy as np
import pytest

from armlet import ArmletError
from armlet import bundle


def test_layout_of_one_int8_tensor():
    data = bundle.encode([np.array([[1, -2, 3]], dtype=np.int8)])
    assert data[:4] == b"ATB1"
    assert struct.unpack_from("<I", data, 4) == (1,)
    code, rank, s0, s1, nbytes = struct.unpack_from("<5I", data, 8)
    assert (code, rank, s0, s1, nbytes) == (1, 2, 1, 3, 3)
    assert data[28:31] == bytes([1, 0xFE, 3])
    assert data[31:] == b"\0"  # padded to 4 bytes
    assert len(data) % 4 == 0


@pytest.mark.parametrize("dtype, code", [(np.int8, 1), (np.int32, 3), (np.float32, 6)])
def test_round_trip(dtype, code):
    rng = np.random.default_rng(0)
    arrays = [rng.normal(size=(2, 3, 5)).astype(dtype), np.array(7, dtype=dtype),
              rng.normal(size=(1, 1, 1, 1, 1, 1, 1, 2)).astype(dtype)]
    data = bundle.encode(arrays)
    assert struct.unpack_from("<I", data, 8)[0] == code
    back = bundle.decode(data)
    assert len(back) == 3
    for a, b in zip(arrays, back):
        assert a.dtype == b.dtype and a.shape == b.shape and np.array_equal(a, b)


def test_unsupported_dtype_and_rank():
    with pytest.raises(ArmletError, match="int64"):
        bundle.encode([np.zeros(2, np.int64)])
    with pytest.raises(ArmletError, match="rank 9"):
        bundle.encode([np.zeros((1,) * 9, np.int8)])


def test_malformed_bundles():
    good = bundle.encode([np.arange(10, dtype=np.int32)])
    with pytest.raises(ArmletError, match="magic"):
        bundle.decode(b"XXXX" + good[4:])
    with pytest.raises(ArmletError, match="truncated"):
        bundle.decode(good[:-8])
    bad_nbytes = bytearray(good)
    struct.pack_into("<I", bad_nbytes, 8 + 8 + 4, 12)
    with pytest.raises(ArmletError, match="nbytes"):
        bundle.decode(bytes(bad_nbytes))
    bad_type = bytearray(good)
    struct.pack_into("<I", bad_type, 8, 4)
    with pytest.raises(ArmletError, match="scalar type"):
        bundle.decode(bytes(bad_type))
    huge_count = bytearray(good)
    struct.pack_into("<I", huge_count, 4, 1 << 30)
    with pytest.raises(ArmletError, match="truncated"):
        bundle.decode(bytes(huge_count))


def test_npz_conversion(tmp_path):
    arrays = [np.ones((2, 2), np.float32), np.zeros(3, np.int8)]
    bundle.write_tensors(str(tmp_path / "t.npz"), "input", arrays)
    bundle.write_tensors(str(tmp_path / "t.bin"), "input", arrays)
    for path in ("t.npz", "t.bin"):
        back = bundle.read_tensors(str(tmp_path / path), "input")
        assert [b.tobytes() for b in back] == [a.tobytes() for a in arrays]

