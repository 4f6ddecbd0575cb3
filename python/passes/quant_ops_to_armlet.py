"""QuantOpsToArmletPass: the remaining float boundary q/dq become armlet's ops.

After fusion, quantize/dequantize survive only where float enters or leaves
the int8 region (graph inputs and outputs, operators kept in float). They
become armlet::quantize_per_tensor / armlet::dequantize_per_tensor, which
the device runtime implements, with the same arguments.

Before::

    x -> quantized_decomposed.quantize_per_tensor(x, s, zp, -128, 127, int8) -> ...
    ... -> quantized_decomposed.dequantize_per_tensor(y, s', zp', -128, 127, int8) -> out

After::

    x -> armlet.quantize_per_tensor(x, s, zp, -128, 127, int8) -> ...
    ... -> armlet.dequantize_per_tensor(y, s', zp', -128, 127, int8) -> out

Per-channel or non-int8 q/dq (only left around operators kept in float)
are not touched.
"""

from __future__ import annotations

import torch
from torch.export import ExportedProgram

from .qparams import DEQUANTIZE_PER_TENSOR, QUANTIZE_PER_TENSOR, ArmletPass, edge

REPLACEMENTS = {
    QUANTIZE_PER_TENSOR: edge.armlet.quantize_per_tensor.default,
    DEQUANTIZE_PER_TENSOR: edge.armlet.dequantize_per_tensor.default,
}


class QuantOpsToArmletPass(ArmletPass):
    """Swaps int8 per-tensor quantize/dequantize for armlet's operators."""

    def run(self, ep: ExportedProgram) -> bool:
        modified = False
        for node in list(ep.graph_module.graph.nodes):
            if node.op != "call_function" or node.target not in REPLACEMENTS:
                continue
            if node.args[5] != torch.int8:
                continue
            graph = node.graph
            with graph.inserting_before(node):
                replacement = graph.call_function(REPLACEMENTS[node.target], node.args, node.kwargs)
            replacement.meta = dict(node.meta)
            node.replace_all_uses_with(replacement)
            graph.erase_node(node)
            modified = True
        return modified
