"""Rendering: Jinja environment, bundle assembly, formatting and lint."""

from .bundle import Bundle, check_tree, render_bundle, write_bundle

__all__ = ["Bundle", "check_tree", "render_bundle", "write_bundle"]
