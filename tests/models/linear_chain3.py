"""Seed case: three chained Linear(4, 4)."""

import torch


def model() -> torch.nn.Module:
    torch.manual_seed(7)
    return torch.nn.Sequential(
        torch.nn.Linear(4, 4),
        torch.nn.Linear(4, 4),
        torch.nn.Linear(4, 4),
    )


def example_inputs():
    return (torch.linspace(-1.0, 1.0, 8).reshape(2, 4),)
