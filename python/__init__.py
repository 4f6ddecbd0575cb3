"""armlet: PyTorch models -> int8 ExecuTorch programs (.pte) for Arm Cortex-M.

Importing the package registers armlet's operators (namespace ``armlet``)
with torch. The heavier pieces load on use:

- ``armlet.export.compile_model``: nn.Module -> .pte bytes plus a lowering report;
- ``armlet.pte_interpreter``: runs a .pte with the reference kernels (the golden);
- ``armlet.bundle``: tensor bundle files for the device runner;
- ``armlet.cli``: the ``armlet`` command line.
"""

from . import ops
from .errors import ArmletError

__version__ = "0.1.0"

__all__ = ["ArmletError", "ops", "__version__"]
