"""Background tasks of the oversight area (run by `lamtheo worker`): notices of new and due
recommendations to the inspected units' editors, and of a round opened to the units it
evaluates."""

from django.conf import settings
from django.tasks import task
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext_noop

from lamtheo.plans.tasks import notify, recipients

SUBJECTS = {
    "new": gettext_noop("Kiến nghị sau kiểm tra: %(title)s (hạn khắc phục %(deadline)s)"),
    "before": gettext_noop("Sắp đến hạn khắc phục kiến nghị: %(title)s (hạn %(deadline)s)"),
    "after": gettext_noop("Quá hạn khắc phục kiến nghị: %(title)s (hạn %(deadline)s)"),
}
ROUND_SUBJECT = gettext_noop("Đánh giá, xếp loại: %(title)s (hạn tự chấm %(deadline)s)")


@task()
def remind(recommendation_ids: list[int], kind: str) -> int:
    """Notify the editors of each recommendation's unit that it was made, is due soon or is
    overdue; one notice per user, recommendation and kind (a retried task sends none twice).
    A recommendation reported fixed meanwhile is skipped, except for the first notice."""
    from .models import FixState, Recommendation

    found = Recommendation.objects.filter(pk__in=recommendation_ids).select_related(
        "inspection", "owner"
    )
    if kind != "new":
        found = found.filter(state__in=[FixState.OPEN, FixState.FIXING])
    found = list(found)
    people = recipients([r.owner_id for r in found])
    sent = 0
    for recommendation in found:
        text = SUBJECTS[kind] % {
            "title": recommendation.text[:200],
            "deadline": date_format(recommendation.deadline, "SHORT_DATE_FORMAT"),
        }
        url = reverse("oversight:recommendation", args=[recommendation.pk])
        body = (
            f"{recommendation.owner.name}\n{recommendation.inspection.title}\n\n"
            f"{recommendation.text}\n\n{settings.SITE_URL}{url}"
        )
        for user in people.get(recommendation.owner_id, []):
            key = f"recommendation:{recommendation.pk}:{kind}"
            sent += notify(user, unit=recommendation.owner, text=text, url=url, key=key, body=body)
    return sent


@task()
def remind_evaluations(evaluation_ids: list[int], kind: str) -> int:
    """Tell the editors of each evaluated unit that a round asks for its self-scores."""
    from .models import Evaluation

    found = list(Evaluation.objects.filter(pk__in=evaluation_ids).select_related("round", "unit"))
    people = recipients([e.unit_id for e in found])
    sent = 0
    for evaluation in found:
        text = ROUND_SUBJECT % {
            "title": evaluation.round.title[:300],
            "deadline": date_format(evaluation.round.self_deadline, "SHORT_DATE_FORMAT"),
        }
        url = reverse("oversight:sheet", args=[evaluation.pk])
        body = f"{evaluation.unit.name}\n{evaluation.round.title}\n\n{settings.SITE_URL}{url}"
        for user in people.get(evaluation.unit_id, []):
            key = f"evaluation:{evaluation.pk}:{kind}"
            sent += notify(user, unit=evaluation.unit, text=text, url=url, key=key, body=body)
    return sent
