"""FoldAndAnnotateQParamsPass: quantize/dequantize pairs become annotations.

After PT2E conversion every quantized operator sits between dequantize
nodes (on its inputs) and quantize nodes (on its output). This pass folds
them into the operator node: the node's ``meta['armlet_input_qparams']``
maps argument index -> QParams, ``meta['armlet_output_qparams']`` maps
0 -> QParams, and the node now consumes and produces the integer tensors
directly. Quantize/dequantize nodes remain only where float enters or
leaves the int8 region.

Before::

    x (f32) -> quantize -> dequantize -> linear(., dequantize(w_i8), dequantize(b_i32))
            -> quantize -> dequantize -> output

After::

    x (f32) -> quantize -> linear(., w_i8, b_i32)  {inputs: 0,1,2; output: 0}
            -> dequantize -> output

A linear/add whose only user is a foldable activation (relu, relu6 as
hardtanh, hardtanh, clamp) takes the activation's output qparams, and the
activation is annotated with the same qparams on its input and output so
that ActivationFoldingPass can turn it into a clamp of the fused op::

    linear(dq(x), ...) -> relu -> quantize      becomes
    linear(x, ...) {out: q} -> relu {in: q, out: q}

An operator whose inputs or outputs are not all quantized is left as it is
(in float) with the reason in ``meta['armlet_float_reason']``.
"""

from __future__ import annotations

from typing import Dict, List, Optional, Tuple

from torch.export import ExportedProgram
from torch.fx import Node

from .qparams import (
    FLOAT_REASON,
    INPUT_QPARAMS,
    OUTPUT_QPARAMS,
    ArmletPass,
    QParams,
    edge,
    is_dequantize,
    is_quantize,
    op_name,
    qparams_of,
)

aten = edge.aten
LINEAR = aten.linear.default
ADD = aten.add.Tensor
ACTIVATIONS = (aten.relu.default, aten.hardtanh.default, aten.clamp.default)
FUSABLE = (LINEAR, ADD)


def tensor_arg_indices(node: Node) -> List[int]:
    return [i for i, a in enumerate(node.args) if isinstance(a, Node)]


def _common_quantize_qparams(ep: ExportedProgram, node: Node) -> Tuple[Optional[QParams], str]:
    """QParams if every user of node is a quantize with the same parameters."""
    users = list(node.users)
    if not users:
        return None, "its output is unused"
    if not all(is_quantize(u) for u in users):
        return None, "its output is used in float"
    qparams = {qparams_of(ep, u) for u in users}
    if len(qparams) != 1:
        return None, "its output is quantized with different parameters"
    return qparams.pop(), ""


def _foldable_activation(node: Node) -> Optional[Node]:
    users = list(node.users)
    if len(users) == 1 and users[0].op == "call_function" and users[0].target in ACTIVATIONS:
        return users[0]
    return None


class FoldAndAnnotateQParamsPass(ArmletPass):
    """Folds q/dq nodes around linear, add and fused activations into qparams annotations."""

    def run(self, ep: ExportedProgram) -> bool:
        modified = False
        for node in list(ep.graph_module.graph.nodes):
            if node.op != "call_function":
                continue
            if node.target in FUSABLE:
                modified |= self._fold_fusable(ep, node)
            elif node.target in ACTIVATIONS:
                modified |= self._fold_activation(ep, node)
        return modified

    def _input_qparams(self, ep: ExportedProgram, node: Node) -> Tuple[Optional[Dict[int, QParams]], str]:
        found: Dict[int, QParams] = {}
        for i in tensor_arg_indices(node):
            arg = node.args[i]
            if not is_dequantize(arg):
                return None, f"input {i} is not quantized"
            found[i] = qparams_of(ep, arg)
        return found, ""

    def _fold_fusable(self, ep: ExportedProgram, node: Node) -> bool:
        inputs, reason = self._input_qparams(ep, node)
        if inputs is None:
            node.meta[FLOAT_REASON] = reason
            return False
        activation = _foldable_activation(node)
        if activation is not None:
            output, reason = _common_quantize_qparams(ep, activation)
            if output is None:
                node.meta[FLOAT_REASON] = f"the {op_name(activation.target)} after it is not quantized: {reason}"
                return False
        else:
            output, reason = _common_quantize_qparams(ep, node)
            if output is None:
                node.meta[FLOAT_REASON] = reason
                return False
        self._fold_inputs(node, inputs)
        if activation is not None:
            # The fused op's int8 output only ever reaches the activation.
            first_quantize = next(iter(activation.users))
            node.meta["val"] = first_quantize.meta["val"]
        else:
            self._fold_outputs(node)
        node.meta[OUTPUT_QPARAMS] = {0: output}
        return True

    def _fold_activation(self, ep: ExportedProgram, node: Node) -> bool:
        producer = node.args[0]
        if not (
            isinstance(producer, Node)
            and OUTPUT_QPARAMS in producer.meta
            and len(producer.users) == 1
            and producer.target in FUSABLE
        ):
            node.meta[FLOAT_REASON] = "it does not follow a quantized linear or add"
            return False
        output, reason = _common_quantize_qparams(ep, node)
        if output is None or output != producer.meta[OUTPUT_QPARAMS][0]:
            node.meta[FLOAT_REASON] = reason or "its output quantization differs from its input's"
            return False
        self._fold_outputs(node)
        node.meta[INPUT_QPARAMS] = {0: output}
        node.meta[OUTPUT_QPARAMS] = {0: output}
        return True

    @staticmethod
    def _fold_inputs(node: Node, inputs: Dict[int, QParams]) -> None:
        args = list(node.args)
        for i in inputs:
            dequantize = args[i]
            args[i] = dequantize.args[0]
        old = [node.args[i] for i in inputs]
        node.args = tuple(args)
        for dequantize in dict.fromkeys(old):  # add(x, x) uses one node twice
            if not dequantize.users:
                node.graph.erase_node(dequantize)
        node.meta[INPUT_QPARAMS] = dict(inputs)
        node.meta.pop(FLOAT_REASON, None)

    @staticmethod
    def _fold_outputs(node: Node) -> None:
        quantizes = list(node.users)
        node.meta["val"] = quantizes[0].meta["val"]
        for quantize in quantizes:
            quantize.replace_all_uses_with(node)
            node.graph.erase_node(quantize)
