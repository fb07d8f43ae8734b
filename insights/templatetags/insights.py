"""``{% hub_statistics as statistics %}``: the Hub's figures with their yearly trends, for pages
of lower apps (the home page) that cannot import insights."""

from django import template

from insights.statistics import Series, statistics

register = template.Library()


@register.simple_tag
def hub_statistics() -> list[Series]:
    return statistics()
