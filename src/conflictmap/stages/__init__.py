"""Pipeline stages, one module each. Each module names its versioned STAGE id."""

from __future__ import annotations

import sys
from typing import Any


def stage_of(component: Any, default: str) -> str:
    """The versioned STAGE id of the module that defines a component's class."""
    module = sys.modules.get(type(component).__module__)
    return str(getattr(module, "STAGE", default))
