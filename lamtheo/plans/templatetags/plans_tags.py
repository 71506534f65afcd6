"""Template filters of the plans area."""

from django import template

register = template.Library()


@register.filter
def label(labels: dict, key):
    """`{{ labels|label:task.today }}`: the label of a state."""
    return labels.get(key, key)
