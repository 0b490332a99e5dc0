"""Rows written in Python (core.tables) are django-tables2's rows: every table of the project that uses
PythonRows, and a table with every kind of column, rendered both ways give the same HTML (white space between
tags aside); the person history page's rows are those of the template loop they replaced."""

import datetime as dt
import itertools
import re

import django_tables2 as tables
import pytest
from django.template import Template, engines
from django.test import RequestFactory
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django_tables2 import RequestConfig

from thidua.accounts.models import Role
from thidua.awards.models import Award, AwardRecord
from thidua.core import text
from thidua.core.tables import PythonRows
from thidua.orgs.models import Person, Unit

pytestmark = pytest.mark.django_db
TEMPLATE = "{% load django_tables2 %}{% render_table table %}"


def squeeze(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r">\s+<", "><", html)).strip()


def both_ways(table, request) -> tuple[str, str]:
    """(written in Python, written by django-tables2's loop), each squeezed."""
    pages = []
    for rows_in_python in (True, False):
        table.rows_in_python = rows_in_python
        table._counter = itertools.count()  # even/odd rows count from the table's first row, as on a page
        pages.append(squeeze(engines["django"].from_string(TEMPLATE).render({"table": table, "request": request},
                                                                               request)))
    table.rows_in_python = True
    return pages[0], pages[1]


def configured(table, query="", per_page=3):
    request = RequestFactory().get("/x/" + query)
    RequestConfig(request, paginate={"per_page": per_page}).configure(table)
    return table, request


class EveryKind(PythonRows, tables.Table):
    """A column of every kind the helper meets: plain, a choices field, a relation (and its default when
    empty), render_* methods naming different arguments, links, fixed and computed attributes, other column
    classes, a localized number."""

    full_name = tables.Column(linkify=True)
    gender = tables.Column()  # choices: get_gender_display()
    birth_date = tables.Column(default="—")
    unit = tables.Column(accessor="unit__name", attrs={"td": {"class": "text-end", "data-x": 'a "b" <c>'}})
    unit_link = tables.Column(accessor="unit", linkify=True)
    unit_kind = tables.Column(accessor="unit__kind")  # choices across a relation
    area = tables.Column(accessor="unit__area__name", default=mark_safe("<i>không</i>"))
    staff_code = tables.Column(empty_values=())
    position = tables.Column(attrs={"td": {"class": lambda record: f"pos-{record.pk % 2}"}})  # depends on the cell
    status = tables.Column(localize=False)
    number = tables.Column(accessor="pk", localize=True)
    tick = tables.BooleanColumn(accessor="birth_date")
    born = tables.DateColumn(accessor="birth_date", format="d/m/Y")
    row_value = tables.Column(accessor="pk", verbose_name="value")
    every = tables.Column(accessor="category", empty_values=())
    missing = tables.Column(accessor="no_such_attribute")

    class Meta:
        model = Person
        fields = []
        attrs = {"class": "table", "td": {"data-t": "1"}}

    def render_unit(self, value, record):
        return format_html("{} <b>{}</b>", value, record.unit.code)

    def render_staff_code(self, record):
        return record.staff_code or "(trống)"

    def render_row_value(self, value, bound_row, table, column, bound_column):
        return f"{value}/{bound_row.row_counter}/{table.__class__.__name__}/{bound_column.name}"

    def render_every(self, **kwargs):
        return f"{kwargs['value']} & {kwargs['record'].pk}"


@pytest.fixture
def people(s1):
    unit = s1["units"]["tand"]
    people = list(Person.objects.filter(unit=unit).order_by("pk")[:5])
    people[0].birth_date, people[0].staff_code, people[0].position = None, "", "Chánh án & <Phó>"
    people[0].save()
    people[1].birth_date = dt.date(1980, 5, 17)
    people[1].save()
    return Person.objects.filter(pk__in=[p.pk for p in people]).select_related("unit__area").order_by("pk")


@pytest.mark.parametrize("query", ["", "?page=2", "?sort=-full_name", "?sort=unit&page=2"])
def test_every_kind_of_column_as_django_tables2_writes_it(people, query):
    python, django = both_ways(*configured(EveryKind(people), query))
    assert python == django
    assert python.count("<tr") == 1 + (2 if "page=2" in query else 3)


def test_row_attributes_and_an_empty_table(people):
    table = EveryKind(people, row_attrs={"data-id": lambda record: record.pk, "class": "r"})
    python, django = both_ways(*configured(table))
    assert python == django and 'class="r even"' in python
    python, django = both_ways(*configured(EveryKind(people.none())))
    assert python == django and "<tbody" in python


def test_the_python_path_is_the_one_taken(people, monkeypatch):
    calls = []
    original = EveryKind.body_rows

    def spy(self):
        calls.append(self)
        return original(self)

    monkeypatch.setattr(EveryKind, "body_rows", spy)
    both_ways(*configured(EveryKind(people)))
    assert len(calls) == 1


# ---- the project's tables, as their pages configure them ------------------------------------------------------

def page_table(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    table = response.context["table"]
    assert isinstance(table, PythonRows)
    return table, response.wsgi_request


@pytest.mark.parametrize("url", ["/ca-nhan/", "/ca-nhan/?q=nguyen", "/ca-nhan/?sort=-unit&page=2", "/don-vi/",
                                 "/don-vi/?sort=area", "/cum-khoi/", "/cum-khoi/?year=2023&sort=-member_count",
                                 "/cum-khoi/?year=1999", "/khen-thuong/",
                                 "/ca-nhan/?q=Nguy%E1%BB%85n+%26+%3Cb%3E&unit=&sort=-full_name&x=%22a%22"])
def test_the_project_tables_as_django_tables2_writes_them(client, make_user, s1, s2, url):
    unit = s1["units"]["tand"]
    for i, person in enumerate(Person.objects.filter(unit=unit).order_by("pk")[:3]):
        award = Award.objects.get(code=["gk", "cstd-cs", "ldtt"][i])
        AwardRecord.objects.create(award=award, subject="individual", person=person, unit=unit,
                                   recipient_name=person.full_name, year=2022 + i, level=award.level,
                                   decision_number=f"{i}/QĐ", decision_date=dt.date(2023 + i, 1, 5),
                                   signed_by="Chánh án", search_text=text.fold(person.full_name),
                                   cash_amount=None if i else 1_234_000)
    client.force_login(make_user("admin", (Role.ADMIN, None)))
    python, django = both_ways(*page_table(client, url))
    assert python == django
    assert python.count("<tr") > 1 or "year=1999" in url or "x=" in url  # those two list nothing


# ---- the person history page: write_rows in place of the template loop -----------------------------------------

OLD_LOOP = """{% load vn %}{% for r in records %}<tr>
    <td>{{ r.year }}</td><td>{{ r.award.name }}</td><td>{{ r.get_award_type_display }}</td><td>{{ r.get_level_display }}</td>
    <td>{{ r.decision_number }}</td><td>{{ r.decision_date|ngay }}</td><td>{{ r.signed_by }}</td>
    <td>{{ r.recipient_name }}{% if r.position_as_written %}<div class="small text-secondary">{{ r.position_as_written }}</div>{% endif %}</td>
    <td>{% if r.unit_id == person.unit_id %}{{ person.unit.name }}{% else %}<a href="{% url 'awards:unit_history' r.unit_id %}">{{ r.unit.name }}</a>{% endif %}</td>
    <td class="text-end">{{ r.cash_amount|so }}</td>
  </tr>{% endfor %}"""


def test_the_history_rows_are_the_template_loops(client, make_user, s1):
    from django.template import Context

    from thidua.awards.domain.queries import person_history

    person = Person.objects.select_related("unit").filter(unit=s1["units"]["tand"]).order_by("pk").first()
    other = Unit.objects.exclude(pk=person.unit_id).order_by("pk").first()
    for i, code in enumerate(["gk", "cstd-cs", "ldtt", "bk-ttg"]):
        award = Award.objects.get(code=code)
        AwardRecord.objects.create(
            award=award, subject="individual", person=person, unit=other if i == 1 else person.unit,
            recipient_name=f"{person.full_name} <{i}>", position_as_written="Thẩm phán & thư ký" if i % 2 else "",
            year=2019 + i, level=award.level, award_type="merit" if i < 3 else "ad_hoc", decision_number=f"{i}/QĐ",
            decision_date=dt.date(2020 + i, 2, 3), signed_by="Chủ tịch", search_text="x",
            cash_amount=None if i == 2 else 1_490_000 * (i + 1))
    client.force_login(make_user("admin", (Role.ADMIN, None)))
    page = client.get(f"/khen-thuong/ca-nhan/{person.pk}/").content.decode()
    body = squeeze(page.split("<tbody>")[1].split("</tbody>")[0])
    records = list(person_history(person))
    expected = squeeze(Template(OLD_LOOP).render(Context({"records": records, "person": person})))
    assert body == expected and body.count("<tr>") == 4


# ---- what rows repeat, read once -------------------------------------------------------------------------------

def test_display_is_get_foo_display_in_every_language(s1):
    from django.utils import translation

    from thidua.core.tables import display

    person = Person.objects.filter(unit=s1["units"]["tand"]).order_by("pk").first()
    for language in ("vi", "en", "vi"):
        with translation.override(language):
            for gender in ("male", "female", "bogus", ""):
                for status in ("working", "retired", None):
                    person.gender, person.status = gender, status
                    assert display(person, "gender") == person.get_gender_display()
                    assert display(person, "status") == person.get_status_display()
    with translation.override("en"):
        assert display(s1["cluster"], "kind") == s1["cluster"].get_kind_display() != ""


def test_pk_url_is_reverse(settings):
    from django.urls import reverse, set_script_prefix

    from thidua.core.tables import pk_url

    for prefix in ("/", "/thidua/"):
        set_script_prefix(prefix)
        try:
            for view in ("awards:person_history", "awards:unit_history", "orgs:person_detail"):
                url = pk_url(view)
                for pk in (1, 42, 9876543211, "7"):
                    assert url(pk) == reverse(view, args=[pk])
        finally:
            set_script_prefix("/")


def test_format_cell_escapes_as_format_html():
    from django.utils.html import format_html
    from django.utils.translation import gettext_lazy

    from thidua.core.tables import format_cell

    for value in ("a & <b> \"c\" 'd'", mark_safe("<i>x</i>"), gettext_lazy("Có"), 1234, None, 1.5,
                  dt.date(2025, 7, 1), format_html("<b>{}</b>", "<x>")):
        assert format_cell("<td>{}|{}</td>", value, "&") == format_html("<td>{}|{}</td>", value, "&")
