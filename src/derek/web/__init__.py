"""The web surface: one FastAPI application serving the JSON API (``/api``) and the HTML pages."""

from __future__ import annotations

from .app import create_app

__all__ = ["create_app"]
