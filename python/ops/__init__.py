"""armlet's operator library: schemas (operators.json), torch.library
definitions, numpy reference kernels and the integer arithmetic."""

from . import arithmetic, reference
from .library import NAMESPACE, OPERATOR_NAMES, define_operators, load_operator_table

__all__ = [
    "NAMESPACE",
    "OPERATOR_NAMES",
    "arithmetic",
    "define_operators",
    "load_operator_table",
    "reference",
]
