"""The honours part of the demo (../../shared/DEMO.md): emulation movements launched by the
provincial committees of Bắc Kạn, Điện Biên and Hà Tĩnh, the exemplary cases the founding texts
describe with their commendations (`texts`), and the invented commended cases from which
Bắc Kạn's 1.567 of 2021-2024 [001] comes out of the statistics (`invented`)."""

from .invented import REPORTED_COMMENDED, load_invented
from .texts import DEMO_SOURCE, NAMED, load_case, load_movements

__all__ = ["DEMO_SOURCE", "NAMED", "REPORTED_COMMENDED", "load_honours"]


def load_honours(documents: dict, plans: dict, users: dict) -> dict:
    """The honours area's demo over the documents and plans demos' records (by key) and the
    demo `users` (by username); returns what it made by key."""
    movements = load_movements(documents, users)
    cases = {item.key: load_case(item, movements, plans, users) for item in NAMED}
    return {"movements": movements, "cases": cases, "invented": load_invented(users, movements)}
