"""Residual block: y = linear(x) + x (an add of two int8 tensors with different scales)."""

import torch


class Residual(torch.nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.fc = torch.nn.Linear(8, 8)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.fc(x) + x


def model() -> torch.nn.Module:
    torch.manual_seed(9)
    return Residual()


def example_inputs():
    g = torch.Generator().manual_seed(90)
    return (torch.randn(2, 8, generator=g),)


def calibration_inputs():
    g = torch.Generator().manual_seed(91)
    for _ in range(8):
        yield (torch.randn(2, 8, generator=g) * 2.0,)
