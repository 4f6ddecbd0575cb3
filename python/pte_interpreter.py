"""Runs a serialized .pte with armlet's reference kernels: the golden for the device.

The interpreter works from the bytes, the way the device runtime does:
- the extended header ("eh00" at byte 8) gives the flatbuffer size and where
  segments start;
- constant tensors are read from the constant segment at
  ``segment_base + segments[constant_segment.segment_index].offset +
  constant_segment.offsets[data_buffer_idx]``;
- every planned tensor is a view into its memory arena
  (``non_const_buffer_sizes[memory_id]`` bytes) at its planned offset, so a
  memory plan that overlaps live tensors gives wrong results here too;
- instructions run in order; a kernel call's arguments are value indices in
  schema order (``out`` last), followed by the returned value (which is
  ``out`` again).

Only executorch's flatbuffer parser is borrowed; segment and memory layout
are interpreted here, independently of executorch's own loader.
"""

from __future__ import annotations

import contextlib
import struct
from dataclasses import dataclass
from typing import Any, Callable, Dict, Iterator, List, Optional, Sequence, Tuple

import numpy as np

from ._quiet import quiet_imports
from .errors import ArmletError
from .ops import reference

with quiet_imports():
    from executorch.exir import schema
    from executorch.exir._serialize._program import _flatbuffer_to_program

# Errors that a corrupt or hand-made program can provoke deep inside parsing or
# kernels; they are reported as ArmletError naming the program as the cause.
PROGRAM_ERRORS = (ValueError, TypeError, IndexError, KeyError, OverflowError, AttributeError)
# Largest memory arena the interpreter allocates (the device has far less).
MAX_ARENA_BYTES = 1 << 30

FILE_IDENTIFIER = b"ET12"
EXTENDED_HEADER_MAGIC = b"eh00"

# ExecuTorch ScalarType codes -> numpy dtypes.
SCALAR_TYPES: Dict[int, np.dtype] = {
    0: np.dtype(np.uint8),
    1: np.dtype(np.int8),
    2: np.dtype(np.int16),
    3: np.dtype(np.int32),
    4: np.dtype(np.int64),
    6: np.dtype(np.float32),
    7: np.dtype(np.float64),
    11: np.dtype(np.bool_),
}
SCALAR_TYPE_CODES: Dict[np.dtype, int] = {v: k for k, v in SCALAR_TYPES.items()}


@dataclass(frozen=True)
class ExtendedHeader:
    length: int
    program_size: int
    segment_base_offset: int
    segment_data_size: int


def parse_extended_header(data: bytes) -> Optional[ExtendedHeader]:
    """The header after the flatbuffer's root offset and identifier, if present."""
    if len(data) < 8 or data[4:8] != FILE_IDENTIFIER:
        raise ArmletError("not an ExecuTorch program: file identifier 'ET12' missing at byte 4")
    if len(data) < 32 or data[8:12] != EXTENDED_HEADER_MAGIC:
        return None
    (length,) = struct.unpack_from("<I", data, 12)
    program_size, segment_base = struct.unpack_from("<QQ", data, 16)
    segment_size = struct.unpack_from("<Q", data, 32)[0] if length >= 32 and len(data) >= 40 else 0
    if program_size > len(data) or segment_base > len(data):
        raise ArmletError("corrupt .pte: extended header points past the end of the file")
    return ExtendedHeader(length, program_size, segment_base, segment_size)


@contextlib.contextmanager
def program_errors(what: str) -> Iterator[None]:
    """Turns the low-level errors of a malformed program into an ArmletError."""
    try:
        yield
    except ArmletError:
        raise
    except PROGRAM_ERRORS as e:
        raise ArmletError(f"{what}: malformed program ({type(e).__name__}: {e})") from e


def _tensor_nbytes(t: schema.Tensor) -> int:
    return int(np.prod(t.sizes, dtype=np.int64)) * SCALAR_TYPES[int(t.scalar_type)].itemsize


class LoadedProgram:
    """A parsed .pte: its flatbuffer Program plus the raw bytes for segments."""

    def __init__(self, data: bytes) -> None:
        self.data = bytes(data)
        self.header = parse_extended_header(self.data)
        program_size = self.header.program_size if self.header else len(self.data)
        try:
            self.program: schema.Program = _flatbuffer_to_program(self.data[:program_size])
        except Exception as e:  # the flatbuffer parser raises many types
            raise ArmletError(f"corrupt .pte: cannot parse the program flatbuffer ({e})") from e
        if not isinstance(self.program.execution_plan, list) or len(self.program.execution_plan) != 1:
            raise ArmletError(f"expected one method, found {len(self.program.execution_plan)}")
        self.plan: schema.ExecutionPlan = self.program.execution_plan[0]
        with program_errors("corrupt .pte"):
            self._validate()

    def _validate(self) -> None:
        """Structural checks the interpreter relies on (cheap, before any allocation)."""
        plan = self.plan
        if not plan.chains or not plan.non_const_buffer_sizes:
            raise ArmletError("corrupt .pte: the method has no chain or no memory plan")
        for size in plan.non_const_buffer_sizes:
            if not 0 <= int(size) <= MAX_ARENA_BYTES:
                raise ArmletError(f"corrupt .pte: memory arena of {size} bytes")
        for ev in plan.values:
            t = ev.val
            if isinstance(t, schema.Tensor):
                if int(t.scalar_type) not in SCALAR_TYPES:
                    raise ArmletError(f"corrupt .pte: unknown scalar type {int(t.scalar_type)}")
                if len(t.sizes) > 16 or any(int(d) < 0 or int(d) > MAX_ARENA_BYTES for d in t.sizes):
                    raise ArmletError(f"corrupt .pte: tensor sizes {list(t.sizes)}")
        for op in plan.operators:
            if not isinstance(op.name, str) or not isinstance(op.overload, str):
                raise ArmletError("corrupt .pte: an operator has no name")

    # Constants

    def constant_segment_range(self) -> Optional[Tuple[int, int]]:
        """(start, size) of the constant segment in the file, if it has one."""
        cs = self.program.constant_segment
        if not cs.offsets or not self.header:
            return None
        if cs.segment_index >= len(self.program.segments):
            raise ArmletError("corrupt .pte: constant segment index out of range")
        seg = self.program.segments[cs.segment_index]
        start = self.header.segment_base_offset + seg.offset
        if start + seg.size > len(self.data):
            raise ArmletError("corrupt .pte: constant segment runs past the end of the file")
        return start, seg.size

    def constant_bytes(self) -> int:
        rng = self.constant_segment_range()
        if rng is not None:
            return rng[1]
        return sum(len(b.storage) for b in self.program.constant_buffer)

    def constant_data(self, t: schema.Tensor) -> bytes:
        """The bytes of a constant tensor (data_buffer_idx > 0)."""
        idx = t.data_buffer_idx
        nbytes = _tensor_nbytes(t)
        rng = self.constant_segment_range()
        if rng is not None:
            offsets = self.program.constant_segment.offsets
            if idx >= len(offsets):
                raise ArmletError(f"corrupt .pte: constant {idx} has no offset")
            start = rng[0] + offsets[idx]
            if offsets[idx] + nbytes > rng[1]:
                raise ArmletError(f"corrupt .pte: constant {idx} runs past its segment")
            return self.data[start : start + nbytes]
        if idx >= len(self.program.constant_buffer):
            raise ArmletError(f"corrupt .pte: constant buffer {idx} missing")
        storage = self.program.constant_buffer[idx].storage
        if len(storage) < nbytes:
            raise ArmletError(f"corrupt .pte: constant buffer {idx} is too small")
        return bytes(storage[:nbytes])

    def constants(self) -> List[Tuple[int, np.ndarray]]:
        """(value index, array) of every constant tensor."""
        found = []
        for i, ev in enumerate(self.plan.values):
            t = ev.val
            if isinstance(t, schema.Tensor) and t.data_buffer_idx > 0:
                arr = np.frombuffer(self.constant_data(t), dtype=SCALAR_TYPES[int(t.scalar_type)])
                found.append((i, arr.reshape(t.sizes)))
        return found

    # Memory plan

    def planned_bytes(self) -> int:
        return int(sum(self.plan.non_const_buffer_sizes))

    def operator_names(self) -> List[str]:
        """Operator of each kernel call, in execution order, as 'ns::name.overload'."""
        names = []
        for instr in self.plan.chains[0].instructions:
            if isinstance(instr.instr_args, schema.KernelCall):
                op = self.plan.operators[instr.instr_args.op_index]
                names.append(f"{op.name}.{op.overload}" if op.overload else op.name)
            else:
                names.append(type(instr.instr_args).__name__)
        return names


def load_program(data: bytes) -> LoadedProgram:
    return LoadedProgram(data)


# Kernels: armlet's operators run the numpy reference; the arguments are the
# resolved EValues in schema order with `out` last.


INT8_CODE = 1


def _check_int8_code(op: str, dtype: Any) -> None:
    if dtype != INT8_CODE:
        raise ArmletError(f"{op}: dtype argument is ScalarType {dtype}, armlet quantizes to int8 (1) only")


def _k_quantize(args: List[Any]) -> np.ndarray:
    x, scale, zp, qmin, qmax, dtype = args[:6]
    _check_int8_code("quantize_per_tensor", dtype)
    return reference.quantize_per_tensor(x, scale, zp, qmin, qmax)


def _k_dequantize(args: List[Any]) -> np.ndarray:
    q, scale, zp, qmin, qmax, dtype = args[:6]
    _check_int8_code("dequantize_per_tensor", dtype)
    return reference.dequantize_per_tensor(q, scale, zp, qmin, qmax)


def _k_linear(args: List[Any]) -> np.ndarray:
    return reference.quantized_linear(*args[:10])


def _k_add(args: List[Any]) -> np.ndarray:
    return reference.quantized_add(*args[:14])


def _k_view_copy(args: List[Any]) -> np.ndarray:
    x, size = args[0], args[1]
    return np.asarray(x).reshape(size)


ARMLET_KERNELS: Dict[str, Tuple[int, Callable[[List[Any]], np.ndarray]]] = {
    # name.overload: (number of schema arguments before `out`, kernel)
    "armlet::quantize_per_tensor.out": (6, _k_quantize),
    "armlet::dequantize_per_tensor.out": (6, _k_dequantize),
    "armlet::quantized_linear.out": (10, _k_linear),
    "armlet::quantized_add.out": (14, _k_add),
    "aten::view_copy.out": (2, _k_view_copy),
}


class _Unplanned:
    """Stands for a tensor with neither constant data nor a planned location."""

    def __repr__(self) -> str:
        return "<unplanned tensor>"


UNPLANNED = _Unplanned()


class Interpreter:
    """Executes the program's single method over numpy memory arenas."""

    def __init__(self, program: LoadedProgram, allow_float_fallback: bool = True) -> None:
        self.program = program
        self.allow_float_fallback = allow_float_fallback

    def _tensor(self, t: schema.Tensor, arenas: List[bytearray]) -> Any:
        dtype = SCALAR_TYPES.get(int(t.scalar_type))
        if dtype is None:
            raise ArmletError(f"unsupported scalar type {int(t.scalar_type)}")
        if list(t.dim_order) != list(range(len(t.sizes))):
            raise ArmletError(f"unsupported dim order {list(t.dim_order)}")
        count = int(np.prod(t.sizes, dtype=np.int64))
        if t.data_buffer_idx > 0:
            arr = np.frombuffer(self.program.constant_data(t), dtype=dtype, count=count)
            return arr.reshape(t.sizes)
        info = t.allocation_info
        if info is None:
            return UNPLANNED
        if not 0 < info.memory_id < len(arenas):
            raise ArmletError(f"tensor planned in memory {info.memory_id}, which the program does not have")
        offset = info.memory_offset_low | (info.memory_offset_high << 32)
        if offset + count * dtype.itemsize > len(arenas[info.memory_id]):
            raise ArmletError("a planned tensor runs past the end of its memory arena")
        arr = np.frombuffer(arenas[info.memory_id], dtype=dtype, count=count, offset=offset)
        return arr.reshape(t.sizes)

    def _values(self, arenas: List[bytearray]) -> List[Any]:
        values: List[Any] = [None] * len(self.program.plan.values)
        # Scalars and tensors first, lists (which refer to other values) after.
        for i, ev in enumerate(self.program.plan.values):
            v = ev.val
            if isinstance(v, schema.Tensor):
                values[i] = self._tensor(v, arenas)
            elif isinstance(v, schema.Int):
                values[i] = int(v.int_val)
            elif isinstance(v, schema.Double):
                values[i] = float(v.double_val)
            elif isinstance(v, schema.Bool):
                values[i] = bool(v.bool_val)
            elif isinstance(v, schema.String):
                values[i] = v.string_val
            elif isinstance(v, (schema.DoubleList, schema.BoolList)):
                values[i] = list(v.items)
        for i, ev in enumerate(self.program.plan.values):
            v = ev.val
            if isinstance(v, schema.IntList):
                values[i] = [values[j] for j in v.items]
            elif isinstance(v, schema.TensorList):
                values[i] = [values[j] for j in v.items]
        return values

    def run(self, inputs: Sequence[np.ndarray]) -> List[np.ndarray]:
        with program_errors("cannot run the program"):
            return self._run(inputs)

    def _run(self, inputs: Sequence[np.ndarray]) -> List[np.ndarray]:
        plan = self.program.plan
        if len(inputs) != len(plan.inputs):
            raise ArmletError(f"the program takes {len(plan.inputs)} inputs, got {len(inputs)}")
        arenas = [bytearray(int(size)) for size in plan.non_const_buffer_sizes]
        values = self._values(arenas)
        for n, (index, given) in enumerate(zip(plan.inputs, inputs)):
            slot = values[index]
            given = np.asarray(given)
            if not isinstance(slot, np.ndarray) or not slot.flags.writeable:
                raise ArmletError(f"input {n} is not a planned tensor in this program")
            if given.dtype != slot.dtype or given.shape != slot.shape:
                raise ArmletError(
                    f"input {n}: expected {slot.dtype} {list(slot.shape)}, got {given.dtype} {list(given.shape)}"
                )
            slot[...] = given
        for instr in plan.chains[0].instructions:
            call = instr.instr_args
            if not isinstance(call, schema.KernelCall):
                raise ArmletError(f"unsupported instruction {type(call).__name__}")
            self._call(call, values)
        return [np.array(values[i], copy=True) for i in plan.outputs]

    def _call(self, call: schema.KernelCall, values: List[Any]) -> None:
        if not 0 <= call.op_index < len(self.program.plan.operators):
            raise ArmletError(f"operator index {call.op_index} out of range")
        op = self.program.plan.operators[call.op_index]
        key = f"{op.name}.{op.overload}"
        if any(i < 0 or i >= len(values) for i in call.args):
            raise ArmletError(f"{key}: argument value index out of range")
        args = [values[i] for i in call.args]
        if any(a is UNPLANNED for a in args):
            raise ArmletError(f"{key}: a tensor argument has neither constant data nor a planned location")
        if key in ARMLET_KERNELS:
            nargs, kernel = ARMLET_KERNELS[key]
            out = args[nargs]
            result = kernel(args)
            if result.shape != out.shape or result.dtype != out.dtype:
                raise ArmletError(
                    f"{key}: planned output is {out.dtype} {list(out.shape)}, kernel made "
                    f"{result.dtype} {list(result.shape)}"
                )
            out[...] = result
            return
        if not self.allow_float_fallback:
            raise ArmletError(f"operator {key} is not an armlet operator")
        self._call_torch(op, key, call, args)

    @staticmethod
    def _call_torch(op: schema.Operator, key: str, call: schema.KernelCall, args: List[Any]) -> None:
        """Float operators left outside armlet run through torch's own out-variant."""
        import torch

        ns, name = op.name.split("::", 1)
        try:
            overload = getattr(getattr(getattr(torch.ops, ns), name), op.overload or "default")
        except AttributeError as e:
            raise ArmletError(f"unknown operator {key}") from e
        arguments = overload._schema.arguments

        def to_torch(a: Any) -> Any:
            if isinstance(a, np.ndarray):
                return torch.from_numpy(a) if a.flags.writeable else torch.from_numpy(a.copy())
            if isinstance(a, list):
                return [to_torch(x) for x in a]
            return a

        positional, keyword = [], {}
        for spec, value in zip(arguments, args):
            value = to_torch(value)
            if spec.kwarg_only:
                keyword[spec.name] = value
            else:
                positional.append(value)
        overload(*positional, **keyword)


def run_pte(data: bytes, inputs: Sequence[np.ndarray]) -> List[np.ndarray]:
    """Convenience: load and run a .pte on numpy inputs."""
    return Interpreter(load_program(data)).run(inputs)
