"""A rule of the draft tried on one window: does it hold there, and does the window itself make sense.

The editor's "try" button: the rule's ``when`` and ``require`` compiled as the engine compiles
them, read on the normalised state of the preview configuration (the product's defaults unless
one is given). Pure: the compiled draft comes in, the answer goes out.
"""

from __future__ import annotations

from typing import Literal

import msgspec

from server.engine.catalog import Rule
from server.engine.compiled import CompiledCatalog
from server.engine.conditions import compile_condition
from server.engine.configuration import Configuration
from server.engine.messages import Message
from server.engine.validate import normalise

__all__ = ["RuleTrial", "try_rule"]


class RuleTrial(msgspec.Struct, frozen=True, kw_only=True):
    """``applies``: the rule's ``when`` holds (or it has none); ``outcome``: what the window makes of the rule."""

    applies: bool
    outcome: Literal["holds", "fails", "not_applicable"]
    input_problems: list[Message] = []


def try_rule(compiled: CompiledCatalog, product_id: str, rule: Rule, config: Configuration | None,
             lang: str) -> RuleTrial:
    """The rule on ``config`` (the product's default window when None); the window's own problems beside."""
    cp = compiled.products[product_id]
    state, _, violations = normalise(cp, config or Configuration(product=product_id), lang)
    applies = rule.when is None or compile_condition(rule.when).test(state)
    if not applies:
        outcome: Literal["holds", "fails", "not_applicable"] = "not_applicable"
    else:
        outcome = "holds" if compile_condition(rule.require).test(state) else "fails"
    return RuleTrial(applies=applies, outcome=outcome, input_problems=[v.message for v in violations])
