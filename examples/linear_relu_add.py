"""Example for the README: linear -> relu -> linear, plus a residual add.

    armlet compile examples/linear_relu_add.py --target cortex-m55 -o model.pte
"""

import torch


class LinearReluAdd(torch.nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.fc1 = torch.nn.Linear(16, 32)
        self.fc2 = torch.nn.Linear(32, 16)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.fc2(torch.relu(self.fc1(x))) + x


def model() -> torch.nn.Module:
    torch.manual_seed(0)
    return LinearReluAdd()


def example_inputs():
    g = torch.Generator().manual_seed(1)
    return (torch.randn(4, 16, generator=g),)


def calibration_inputs():
    g = torch.Generator().manual_seed(2)
    for _ in range(16):
        yield (torch.randn(4, 16, generator=g),)
