"""`{{ unit.area|with_successor }}`: a province's recorded name, with the province it became on 1/7/2025
("Hà Giang (nay là tỉnh Tuyên Quang)"); see orgs.domain.areas. Load the area with its successor
(select_related("area__successor")) and the page makes no query for it."""

from django import template

from thidua.orgs.domain.areas import name_with_successor

register = template.Library()


@register.filter
def with_successor(area) -> str:
    return name_with_successor(area) if area else ""
