"""armlet's graph passes over the edge dialect, one per file, in pipeline order."""

from typing import List

from .activation_folding import ActivationFoldingPass
from .fold_and_annotate_qparams import FoldAndAnnotateQParamsPass
from .quant_ops_to_armlet import QuantOpsToArmletPass
from .quantized_add_fusion import QuantizedAddFusionPass
from .quantized_linear_fusion import QuantizedLinearFusionPass
from .qparams import ArmletPass, QParams


def armlet_passes() -> List[ArmletPass]:
    """The lowering pipeline, in order."""
    return [
        FoldAndAnnotateQParamsPass(),
        QuantizedLinearFusionPass(),
        QuantizedAddFusionPass(),
        ActivationFoldingPass(),
        QuantOpsToArmletPass(),
    ]


__all__ = [
    "ActivationFoldingPass",
    "ArmletPass",
    "FoldAndAnnotateQParamsPass",
    "QParams",
    "QuantOpsToArmletPass",
    "QuantizedAddFusionPass",
    "QuantizedLinearFusionPass",
    "armlet_passes",
]
