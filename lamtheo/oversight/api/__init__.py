"""/api/v1/oversight: inspections, recommendations, criteria sets, rounds, scores, ranking
(being written in this change)."""

from ninja import Router

router = Router(tags=["oversight"])

__all__ = ["router"]
