"""Linear -> ReLU -> Linear; the ReLU folds into the first linear's clamp."""

import torch


class LinearReluLinear(torch.nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.fc1 = torch.nn.Linear(8, 16)
        self.fc2 = torch.nn.Linear(16, 4)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.fc2(torch.relu(self.fc1(x)))


def model() -> torch.nn.Module:
    torch.manual_seed(8)
    return LinearReluLinear()


def example_inputs():
    g = torch.Generator().manual_seed(80)
    return (torch.randn(4, 8, generator=g),)


def calibration_inputs():
    g = torch.Generator().manual_seed(81)
    for _ in range(8):
        yield (torch.randn(4, 8, generator=g),)
