"""Quantization parameters as the passes see them, and shared pass plumbing.

``QParams`` is what FoldAndAnnotateQParamsPass stores on a node for each
quantized input and output; the fusion passes read it to compute the
integer parameters of armlet's operators.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Dict, Optional, Sequence, Tuple, Union

import numpy as np
import torch
from torch.export import ExportedProgram
from torch.export.graph_signature import InputKind
from torch.fx import Graph, Node

from .._quiet import quiet_imports
from ..ops import reference

with quiet_imports():
    from executorch.backends.transforms.utils import (
        create_constant_placeholder,
        delete_constant_placeholder,
        get_param_tensor,
        is_param_node,
    )
    from executorch.exir.dialects._ops import ops as exir_ops
    from executorch.exir.pass_base import ExportedProgramPassBase, ExportedProgramPassResult
    from executorch.exir._program_utils import _get_updated_graph_signature

INPUT_QPARAMS = "armlet_input_qparams"
OUTPUT_QPARAMS = "armlet_output_qparams"
FLOAT_REASON = "armlet_float_reason"

edge = exir_ops.edge
QUANTIZE_PER_TENSOR = edge.quantized_decomposed.quantize_per_tensor.default
DEQUANTIZE_PER_TENSOR = edge.quantized_decomposed.dequantize_per_tensor.default
DEQUANTIZE_PER_CHANNEL = edge.quantized_decomposed.dequantize_per_channel.default


@dataclass(frozen=True)
class QParams:
    """Affine quantization of one tensor: real = (q - zero_point) * scale.

    Per tensor: scale and zero_point are numbers and axis is None.
    Per channel: tuples along ``axis``.
    """

    scale: Union[float, Tuple[float, ...]]
    zero_point: Union[int, Tuple[int, ...]]
    quant_min: int
    quant_max: int
    dtype: torch.dtype
    axis: Optional[int] = None

    @property
    def per_channel(self) -> bool:
        return self.axis is not None

    def scales(self) -> Tuple[float, ...]:
        return tuple(self.scale) if self.per_channel else (float(self.scale),)

    def zero_points(self) -> Tuple[int, ...]:
        return tuple(self.zero_point) if self.per_channel else (int(self.zero_point),)

    def quantize_value(self, value: float) -> int:
        """One real number quantized exactly as armlet::quantize_per_tensor does."""
        if self.per_channel:
            raise ValueError("per-channel qparams have no single quantized value")
        q = reference.quantize_per_tensor(
            np.asarray([value], dtype=np.float32),
            float(self.scale),
            int(self.zero_point),
            self.quant_min,
            self.quant_max,
        )
        return int(q[0])


def op_name(target: object) -> str:
    """A readable operator name such as ``aten.linear`` or ``armlet.quantized_add``."""
    name = getattr(target, "_name", None) or getattr(target, "__name__", None) or str(target)
    name = str(name).replace("::", ".")
    for suffix in (".default", ".Tensor"):
        if name.endswith(suffix):
            name = name[: -len(suffix)]
    return name


def is_quantize(node: object) -> bool:
    return isinstance(node, Node) and node.op == "call_function" and node.target == QUANTIZE_PER_TENSOR


def is_dequantize(node: object) -> bool:
    return (
        isinstance(node, Node)
        and node.op == "call_function"
        and node.target in (DEQUANTIZE_PER_TENSOR, DEQUANTIZE_PER_CHANNEL)
    )


def qparams_of(ep: ExportedProgram, node: Node) -> QParams:
    """QParams of a quantize_per_tensor / dequantize_per_tensor / dequantize_per_channel node."""
    if node.target in (QUANTIZE_PER_TENSOR, DEQUANTIZE_PER_TENSOR):
        _, scale, zero_point, qmin, qmax, dtype = node.args[:6]
        return QParams(float(scale), int(zero_point), int(qmin), int(qmax), dtype)
    if node.target == DEQUANTIZE_PER_CHANNEL:
        _, scales, zero_points, axis, qmin, qmax, dtype = node.args[:7]
        scale_values = get_param_tensor(ep, scales)
        zp_values = get_param_tensor(ep, zero_points) if zero_points is not None else None
        if scale_values is None:
            raise ValueError(f"{node.name}: per-channel scales are not constants")
        zps = (
            tuple(int(z) for z in zp_values.tolist())
            if zp_values is not None
            else tuple(0 for _ in range(scale_values.numel()))
        )
        return QParams(
            tuple(float(s) for s in scale_values.tolist()), zps, int(qmin), int(qmax), dtype, int(axis)
        )
    raise ValueError(f"{node.name} is not a quantize/dequantize node")


def input_qparams(node: Node) -> Dict[int, QParams]:
    return node.meta.get(INPUT_QPARAMS, {})


def output_qparams(node: Node) -> Dict[int, QParams]:
    return node.meta.get(OUTPUT_QPARAMS, {})


def constant_tensor(ep: ExportedProgram, node: object) -> Optional[torch.Tensor]:
    """The tensor behind a constant placeholder, or None if node is not one."""
    if not isinstance(node, Node) or not is_param_node(ep, node):
        return None
    return get_param_tensor(ep, node)


def add_constant(ep: ExportedProgram, graph: Graph, name: str, data: torch.Tensor) -> Node:
    """A new lifted constant placeholder holding ``data`` (before the user inputs)."""
    first_user_input = next(
        (
            n
            for n in graph.nodes
            if n.op == "placeholder" and n.name in ep.graph_signature.user_inputs
        ),
        None,
    )
    anchor = first_user_input if first_user_input is not None else next(iter(graph.nodes))
    with graph.inserting_before(anchor):
        return create_constant_placeholder(ep, graph, name, InputKind.CONSTANT_TENSOR, data.contiguous())


def remove_unused_constants(ep: ExportedProgram) -> int:
    """Deletes constant placeholders without users (and their data). Returns how many."""
    graph = ep.graph_module.graph
    removed = 0
    for node in list(graph.nodes):
        if node.op == "placeholder" and not node.users and is_param_node(ep, node):
            if node.name in ep.graph_signature.user_inputs:
                continue
            delete_constant_placeholder(ep, node)
            if node.graph is graph and node in graph.nodes:
                graph.erase_node(node)
            removed += 1
    return removed


def with_int8_val(node: Node, like: Node) -> None:
    """Copies the (fake) tensor metadata of ``like`` onto ``node``."""
    node.meta["val"] = like.meta["val"]


def fake_call(op, args: Sequence[object], kwargs: Optional[dict] = None):
    """Runs ``op`` on the fake values of its node arguments (for node.meta['val'])."""
    fake_mode = None

    def value(a):
        nonlocal fake_mode
        if isinstance(a, Node):
            v = a.meta["val"]
            fake_mode = fake_mode or getattr(v, "fake_mode", None)
            return v
        return a

    fake_args = [value(a) for a in args]
    fake_kwargs = {k: value(v) for k, v in (kwargs or {}).items()}
    if fake_mode is None:
        raise ValueError("no fake tensor among the arguments")
    with fake_mode:
        return op(*fake_args, **fake_kwargs)


class ArmletPass(ExportedProgramPassBase):
    """Base of armlet's passes: they edit the ExportedProgram's graph in place.

    Subclasses implement ``run(ep) -> bool`` (True when the graph changed).
    Afterwards constants left without users are deleted and the graph
    signature is brought up to date with the graph.
    """

    def run(self, ep: ExportedProgram) -> bool:  # pragma: no cover - abstract
        raise NotImplementedError

    def call(self, exported_program: ExportedProgram) -> ExportedProgramPassResult:
        ep = exported_program
        modified = self.run(ep)
        if modified:
            gm = ep.graph_module
            gm.graph.eliminate_dead_code()
            remove_unused_constants(ep)
            gm.graph.lint()
            gm.recompile()
            ep._graph_signature = _get_updated_graph_signature(ep.graph_signature, gm)
        return ExportedProgramPassResult(ep, modified)
