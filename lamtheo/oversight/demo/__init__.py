"""The oversight part of the demo (../../shared/DEMO.md), written through `oversight.services`
with the demo sign-ins:

1. `inspections`: the working delegations Thường trực Tỉnh ủy Bắc Kạn sent to its eight
   districts after Tết Tân Sửu 2021 [004], under the standing committee's 2021 programme, each
   concluded; Ba Bể's visit led by Bí thư Tỉnh ủy Hoàng Duy Chinh with its findings and the
   three things [004] says the delegation asked of it, followed up through 2021 (one confirmed
   fixed, one reported and awaiting the check, one under way). Then a supervision of today's
   Đảng ủy xã Mường Luân (Điện Biên) whose first recommendation is overdue, counted from the
   day the demo is loaded, so the flag shows on its inbox and on the inspecting unit's board.
2. `evaluation`: Tỉnh ủy Hà Tĩnh's criteria set for Kết luận 01-KL/TW (100 points: 30
   general, 70 task results) built on 01-KL/TW, 21-KL/TW and 144-QĐ/TW as [001] asks, and
   its 2024 round for its districts as they stood then: every district self-scored and
   reviewed, one returned, the others accepted and ranked, more "xuất sắc" than the 20% quota
   allows (the breach shows).

What the texts do not give is invented and says so: texts end with "(demo)", numbers and days
of the conclusions are invented. The services stamp "now": each step's day is set afterwards
with `audit.bulk`, as the reporting demo does.
"""

from .evaluation import load_evaluation
from .inspections import DEMO, load_inspections

__all__ = ["DEMO", "load_oversight"]


def load_oversight(documents: dict, plans: dict, users: dict) -> dict:
    """The oversight area's demo over the documents and plans demos' records (by key) and the
    demo `users` (by username); returns what it made by key."""
    made = load_inspections(documents, plans, users)
    made |= load_evaluation(documents, users)
    return made
