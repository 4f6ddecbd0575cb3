"""Tensor bundle files: the runner's inputs and outputs.

Format (little-endian)::

    magic "ATB1" | u32 count | count x tensor
    tensor: u32 scalar_type | u32 rank (<= 8) | u32 sizes[rank] | u32 nbytes
            | nbytes of data | zero padding to a 4-byte boundary

scalar_type uses ExecuTorch's codes: 1 int8, 3 int32, 6 float32. nbytes is
numel * element size. Tensors are in method input (or output) order. The
.npz side uses keys ``input_0``, ``input_1``, ... or ``output_0``, ...
"""

from __future__ import annotations

import os
import re
import struct
from typing import Dict, List, Sequence

import numpy as np

from .errors import ArmletError

MAGIC = b"ATB1"
MAX_RANK = 8
SCALAR_TYPES: Dict[int, np.dtype] = {
    1: np.dtype("<i1"),
    3: np.dtype("<i4"),
    6: np.dtype("<f4"),
}
CODES_BY_TYPE: Dict[type, int] = {np.int8: 1, np.int32: 3, np.float32: 6}


def _padding(n: int) -> int:
    return (-n) % 4


def encode(tensors: Sequence[np.ndarray]) -> bytes:
    """Bundle bytes for a list of int8 / int32 / float32 arrays."""
    parts = [MAGIC, struct.pack("<I", len(tensors))]
    for i, t in enumerate(tensors):
        arr = np.asarray(t)
        code = CODES_BY_TYPE.get(arr.dtype.type)
        if code is None:
            raise ArmletError(f"tensor {i}: dtype {arr.dtype} cannot go in a bundle (int8, int32, float32 only)")
        if arr.ndim > MAX_RANK:
            raise ArmletError(f"tensor {i}: rank {arr.ndim} is above the bundle limit of {MAX_RANK}")
        data = np.ascontiguousarray(arr, dtype=SCALAR_TYPES[code]).tobytes()
        parts.append(struct.pack("<II", code, arr.ndim))
        parts.append(struct.pack(f"<{arr.ndim}I", *arr.shape))
        parts.append(struct.pack("<I", len(data)))
        parts.append(data)
        parts.append(b"\0" * _padding(len(data)))
    return b"".join(parts)


def decode(data: bytes) -> List[np.ndarray]:
    """Arrays from bundle bytes; a malformed bundle raises ArmletError."""
    if len(data) < 8 or data[:4] != MAGIC:
        raise ArmletError("not a tensor bundle: magic 'ATB1' missing")
    (count,) = struct.unpack_from("<I", data, 4)
    pos = 8
    tensors = []

    def need(n: int, what: str) -> None:
        if pos + n > len(data):
            raise ArmletError(f"truncated bundle: {what} of tensor {len(tensors)} runs past the end")

    for _ in range(count):
        need(8, "header")
        code, rank = struct.unpack_from("<II", data, pos)
        pos += 8
        if code not in SCALAR_TYPES:
            raise ArmletError(f"bundle tensor {len(tensors)}: unknown scalar type {code}")
        if rank > MAX_RANK:
            raise ArmletError(f"bundle tensor {len(tensors)}: rank {rank} above {MAX_RANK}")
        need(4 * rank + 4, "sizes")
        sizes = struct.unpack_from(f"<{rank}I", data, pos)
        pos += 4 * rank
        (nbytes,) = struct.unpack_from("<I", data, pos)
        pos += 4
        dtype = SCALAR_TYPES[code]
        if nbytes != int(np.prod(sizes, dtype=np.int64)) * dtype.itemsize:
            raise ArmletError(f"bundle tensor {len(tensors)}: nbytes {nbytes} does not match sizes {list(sizes)}")
        need(nbytes, "data")
        arr = np.frombuffer(data, dtype=dtype, count=nbytes // dtype.itemsize, offset=pos)
        tensors.append(arr.reshape(sizes).astype(dtype.newbyteorder("=")))
        pos += nbytes + _padding(nbytes)
    if pos > len(data):
        raise ArmletError("truncated bundle: padding missing at the end")
    return tensors


def npz_arrays(path: str, prefix: str) -> List[np.ndarray]:
    """``prefix_0``, ``prefix_1``, ... from an .npz, in order (a single other key is accepted too)."""
    with np.load(path) as npz:
        keys = list(npz.keys())
        pattern = re.compile(rf"^{prefix}_(\d+)$")
        numbered = sorted((int(m.group(1)), k) for k in keys if (m := pattern.match(k)))
        if numbered:
            if [n for n, _ in numbered] != list(range(len(numbered))):
                raise ArmletError(f"{path}: keys {prefix}_0..{prefix}_N must be consecutive")
            return [npz[k] for _, k in numbered]
        if len(keys) == 1:
            return [npz[keys[0]]]
        raise ArmletError(f"{path}: expected keys {prefix}_0, {prefix}_1, ...; found {keys}")


def save_npz(path: str, prefix: str, arrays: Sequence[np.ndarray]) -> None:
    np.savez(path, **{f"{prefix}_{i}": np.asarray(a) for i, a in enumerate(arrays)})


def is_bundle_file(path: str) -> bool:
    with open(path, "rb") as f:
        return f.read(4) == MAGIC


def read_tensors(path: str, prefix: str) -> List[np.ndarray]:
    """Arrays from a bundle or an .npz (detected by content)."""
    if not os.path.exists(path):
        raise ArmletError(f"{path}: no such file")
    if is_bundle_file(path):
        with open(path, "rb") as f:
            return decode(f.read())
    try:
        return npz_arrays(path, prefix)
    except (ValueError, OSError) as e:
        raise ArmletError(f"{path}: neither a tensor bundle nor an .npz file ({e})") from e


def write_tensors(path: str, prefix: str, arrays: Sequence[np.ndarray]) -> None:
    """An .npz when the path ends in .npz, otherwise a bundle."""
    if path.endswith(".npz"):
        save_npz(path, prefix, arrays)
    else:
        with open(path, "wb") as f:
            f.write(encode(arrays))
