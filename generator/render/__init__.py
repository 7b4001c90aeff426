"""Rendering: Jinja environment, bundle assembly, formatting and lint, regeneration."""

from .bundle import Bundle, check_tree, plan_write, render_bundle, write_bundle
from .regenerate import Plan, plan_diff

__all__ = [
    "Bundle",
    "Plan",
    "check_tree",
    "plan_diff",
    "plan_write",
    "render_bundle",
    "write_bundle",
]
