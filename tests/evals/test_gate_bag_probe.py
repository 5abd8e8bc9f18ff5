"""The gate bagging probe: one fit, or the mean of fits on resamples of the groups, as the gate serves them."""

from __future__ import annotations

import numpy as np
import pytest

from assistant.evals.gate_model import booster

from .tool_loader import load_tool


def _tool():
    return load_tool("gate_bag_probe")


@pytest.mark.slow
def test_one_bag_is_the_plain_fit_and_bags_average_fits_that_still_rank():
    tool = _tool()
    rng = np.random.default_rng(0)
    x = rng.normal(size=(300, 3))
    y = (x[:, 0] + 0.3 * rng.normal(size=300) > 0).astype(int)
    groups = [f"g-{i // 2}" for i in range(300)]
    keep = np.ones(300, bool)
    single = tool.log_odds(x, y, groups, keep, 1)
    assert np.allclose(single, booster(3, 10, 200).fit(x, y).decision_function(x))
    bagged = tool.log_odds(x, y, groups, keep, 4)
    assert not np.allclose(bagged, single)
    assert np.corrcoef(bagged, x[:, 0])[0, 1] > 0.8  # the averaged log odds still follow the signal
