"""The CoSP toolkit: the implementation review of the UN Convention against Cybercrime."""

from __future__ import annotations

__version__ = "0.1.0"
