import pytest

from .support import build_family


@pytest.fixture
def family(world):
    """Anna and Pim with data in every app (tests/privacy/support.py); returns the world."""
    return build_family(world)
