"""Human-readable description of a .pte: header, operators, instructions,
tensors, constants and the memory plan (``armlet inspect``)."""

from __future__ import annotations

from typing import List

import numpy as np

from ._quiet import quiet_imports
from .pte_interpreter import SCALAR_TYPES, LoadedProgram, load_program

with quiet_imports():
    from executorch.exir import schema

DTYPE_NAMES = {1: "int8", 3: "int32", 4: "int64", 6: "float32", 0: "uint8", 7: "float64", 11: "bool"}


def _value_text(v: object) -> str:
    if isinstance(v, schema.Tensor):
        return f"tensor {DTYPE_NAMES.get(int(v.scalar_type), int(v.scalar_type))}{list(v.sizes)}"
    if isinstance(v, schema.Int):
        return str(v.int_val)
    if isinstance(v, schema.Double):
        return repr(float(v.double_val))
    if isinstance(v, schema.Bool):
        return str(v.bool_val)
    if isinstance(v, schema.IntList):
        return f"int list -> values {list(v.items)}"
    if isinstance(v, schema.Null):
        return "None"
    return type(v).__name__


def _location(t: schema.Tensor) -> str:
    if t.data_buffer_idx > 0:
        return f"constant #{t.data_buffer_idx}"
    info = t.allocation_info
    if info is None:
        return "unplanned"
    offset = info.memory_offset_low | (info.memory_offset_high << 32)
    return f"arena {info.memory_id} @ {offset}"


def describe(data: bytes) -> str:
    program: LoadedProgram = load_program(data)
    plan = program.plan
    lines: List[str] = [f"program: {len(data)} bytes, method '{plan.name}'"]
    if program.header:
        h = program.header
        lines.append(
            f"extended header: flatbuffer {h.program_size} bytes, segments at {h.segment_base_offset}, "
            f"segment data {h.segment_data_size} bytes"
        )
    lines.append("operators:")
    for i, op in enumerate(plan.operators):
        lines.append(f"  [{i}] {op.name}.{op.overload}")
    lines.append("instructions:")
    for n, instr in enumerate(plan.chains[0].instructions):
        call = instr.instr_args
        if isinstance(call, schema.KernelCall):
            op = plan.operators[call.op_index]
            lines.append(f"  {n}: {op.name}.{op.overload}")
            for a in call.args:
                lines.append(f"       value {a}: {_value_text(plan.values[a].val)}"
                             + (f" ({_location(plan.values[a].val)})" if isinstance(plan.values[a].val, schema.Tensor) else ""))
        else:
            lines.append(f"  {n}: {type(call).__name__}")
    lines.append(f"inputs: values {list(plan.inputs)}; outputs: values {list(plan.outputs)}")
    lines.append("tensors:")
    for i, ev in enumerate(plan.values):
        if isinstance(ev.val, schema.Tensor):
            t = ev.val
            nbytes = int(np.prod(t.sizes, dtype=np.int64)) * SCALAR_TYPES[int(t.scalar_type)].itemsize
            lines.append(f"  value {i}: {_value_text(t)} {nbytes} bytes, {_location(t)}")
    rng = program.constant_segment_range()
    lines.append(f"constants: {program.constant_bytes()} bytes"
                 + (f" in the constant segment at file offset {rng[0]}" if rng else " inline"))
    if rng:
        offsets = list(program.program.constant_segment.offsets)
        lines.append(f"  constant segment offsets (index 0 is reserved): {offsets}")
    for index, arr in program.constants():
        preview = np.array2string(arr.ravel()[:8], separator=",")
        lines.append(f"  value {index}: {arr.dtype}{list(arr.shape)} {arr.nbytes} bytes {preview}")
    lines.append("memory plan:")
    for mem_id, size in enumerate(plan.non_const_buffer_sizes):
        if mem_id == 0:
            continue
        lines.append(f"  arena {mem_id}: {size} bytes")
        placed = []
        for i, ev in enumerate(plan.values):
            t = ev.val
            if isinstance(t, schema.Tensor) and t.allocation_info and t.allocation_info.memory_id == mem_id:
                off = t.allocation_info.memory_offset_low | (t.allocation_info.memory_offset_high << 32)
                nbytes = int(np.prod(t.sizes, dtype=np.int64)) * SCALAR_TYPES[int(t.scalar_type)].itemsize
                placed.append((off, nbytes, i))
        for off, nbytes, i in sorted(placed):
            lines.append(f"    [{off}, {off + nbytes}) value {i}")
    return "\n".join(lines)
