"""QuickSelect writes the same HTML as Django's template-rendered Select, byte for byte, and reads a model
select's options once per request."""

import datetime as dt

import django_filters
import pytest
from django import forms
from django.utils.safestring import mark_safe

from thidua.core import widgets
from thidua.core.forms import FilterForm
from thidua.core.widgets import QuickSelect
from thidua.orgs.models import Area, Organiser

CHOICES = [
    ("", "— Tất cả —"), ("a", "Nội chính & <Đảng>"), ("Nhóm", [("b", "Bắc"), ("c", "Cà Mau"), (None, "Không")]),
    (3, "Ba"), ("q", 'Có "ngoặc" và \'nháy\''), ("s", mark_safe("<b>an toàn</b>")), ("n", 1234567),
    ("d", dt.date(2025, 7, 1)), (None, "Rỗng"), ("", [("x", "Nhóm không tên")]), ("<g>", [("y", "Y")]),
    ("a", "Lặp lại giá trị a"),
]
ATTRS = [
    {"class": "form-select", "id": "id_x"},
    {"class": "form-select form-select-sm", "id": "id_x", "data-x": 'say "hi" & <bye>', "required": True,
     "disabled": False, "data-n": 5},
    None,
]


@pytest.mark.parametrize("value", ["", "a", "c", 3, "3", None, "None", "q", "y", "không có", ["a", "b"]])
@pytest.mark.parametrize("attrs", ATTRS)
def test_same_html_as_django(value, attrs):
    expected = forms.Select(choices=CHOICES, attrs={"title": "T"}).render("x", value, attrs=attrs)
    assert QuickSelect(choices=CHOICES, attrs={"title": "T"}).render("x", value, attrs=attrs) == expected


def test_no_choices_and_odd_names():
    for choices in ([], [("", "—")]):
        for name in ("x", 'a"b<c>'):
            assert QuickSelect(choices=choices).render(name, None) == forms.Select(choices=choices).render(name, None)


class Filter(django_filters.FilterSet):
    area = django_filters.ModelChoiceFilter(queryset=Area.objects.order_by("sort_key"), empty_label="— Tất cả —")
    organiser = django_filters.ModelChoiceFilter(queryset=Organiser.objects.order_by("sort_key"), null_label="Không có")
    kind = django_filters.ChoiceFilter(choices=[("cum", "Cụm"), ("khoi", "Khối")], empty_label="— Tất cả —")

    class Meta:
        model = Organiser
        form = FilterForm
        fields = ["area", "organiser", "kind"]


def django_rendering(bound_field) -> str:
    """The same bound field rendered by Django's own Select."""
    widget = bound_field.field.widget
    widget.__class__ = forms.Select
    try:
        return str(bound_field)
    finally:
        widget.__class__ = QuickSelect


@pytest.mark.django_db
def test_model_selects_of_a_filter_form_as_django():
    area = Area.objects.order_by("sort_key")[5]  # an old province: its label says when it ended
    organiser = Organiser.objects.create(code="ubnd-x", name="UBND tỉnh <X> & Y", kind="province", area=area)
    for data in ({}, {"area": area.pk, "organiser": organiser.pk, "kind": "khoi"}, {"organiser": "null"},
                 {"area": "999999"}):
        form = Filter(data).form
        for name in ("area", "organiser", "kind"):
            assert type(form.fields[name].widget) is QuickSelect
            assert str(form[name]) == django_rendering(form[name]), (data, name)
    assert f'<option value="{area.pk}" selected>{area}</option>' in str(Filter({"area": area.pk}).form["area"])


def test_filter_forms_use_it():
    class Form(FilterForm):
        kind = forms.ChoiceField(choices=[("cum", "Cụm"), ("khoi", "Khối")], required=False)
        many = forms.MultipleChoiceField(choices=[("a", "A")], required=False)
        yes_no = forms.NullBooleanField(required=False)

    form = Form({"kind": "khoi"})
    assert type(form.fields["kind"].widget) is QuickSelect
    assert type(form.fields["many"].widget) is forms.SelectMultiple
    assert type(form.fields["yes_no"].widget) is forms.NullBooleanSelect
    assert '<option value="khoi" selected>Khối</option>' in str(form["kind"])


@pytest.mark.django_db
def test_a_query_read_once_per_request(django_assert_num_queries):
    class Row(FilterForm):
        area = forms.ModelChoiceField(queryset=Area.objects.order_by("sort_key"), required=False)
        other = forms.ModelChoiceField(queryset=Area.objects.order_by("-sort_key"), required=False)

    chosen = Area.objects.order_by("sort_key")[3]
    rows = [Row({"area": chosen.pk}), Row(), Row({"area": chosen.pk, "other": chosen.pk})]
    assert all(form.is_valid() for form in rows[::2])  # validation reads the chosen rows: not counted below
    with django_assert_num_queries(6):  # outside a request: every box reads its query
        outside = [str(form[name]) for form in rows for name in ("area", "other")]
    token = widgets._request_choices.set({})
    try:
        with django_assert_num_queries(2):  # inside: once per distinct query
            inside = [str(form[name]) for form in rows for name in ("area", "other")]
    finally:
        widgets._request_choices.reset(token)
    assert inside == outside
    assert f'<option value="{chosen.pk}" selected>' in inside[0] and f'value="{chosen.pk}" selected' not in inside[2]


@pytest.mark.django_db
def test_the_middleware_keeps_options_for_the_request_only(client, make_user):
    from thidua.accounts.models import Role

    client.force_login(make_user("admin", (Role.ADMIN, None)))
    assert widgets._request_choices.get() is None
    response = client.get("/cum-khoi/")
    assert response.status_code == 200 and 'name="area"' in response.content.decode()
    assert widgets._request_choices.get() is None


# ---- input boxes ---------------------------------------------------------------------------------------------

INPUTS = [forms.TextInput, forms.NumberInput, forms.HiddenInput, forms.EmailInput, forms.URLInput,
          lambda **kw: forms.DateInput(format="%d/%m/%Y", **kw), forms.DateInput, forms.DateTimeInput,
          forms.TimeInput, lambda **kw: forms.TextInput(attrs={"type": "search", **kw.get("attrs", {})})]


@pytest.mark.parametrize("make", INPUTS)
@pytest.mark.parametrize("value", [None, "", "a & <b> \"c\"", 0, 1234.5, dt.date(2025, 7, 1),
                                   dt.datetime(2025, 7, 1, 8, 30), mark_safe("<i>")])
def test_inputs_as_django_writes_them(make, value):
    from thidua.core.widgets import quick_widget

    for attrs in ATTRS:
        django_widget, quick = make(attrs={"placeholder": 'Gõ "có dấu"'}), make(attrs={"placeholder": 'Gõ "có dấu"'})
        quick_widget(quick)
        assert type(quick) is not type(django_widget) and isinstance(quick, type(django_widget))
        assert quick.render("q", value, attrs=attrs) == django_widget.render("q", value, attrs=attrs)


def test_the_forms_inputs_are_quick_but_not_the_others():
    from thidua.core.widgets import QuickInput

    class Form(FilterForm):
        q = forms.CharField(required=False)
        year = forms.IntegerField(required=False, widget=forms.NumberInput(attrs={"min": 1945}))
        unit = forms.IntegerField(required=False, widget=forms.HiddenInput)
        secret = forms.CharField(required=False, widget=forms.PasswordInput)
        note = forms.CharField(required=False, widget=forms.Textarea)
        tick = forms.BooleanField(required=False)

    form = Form({"q": "Nội <chính>", "year": "2025", "unit": "7", "secret": "x"})
    assert all(isinstance(form.fields[n].widget, QuickInput) for n in ("q", "year", "unit"))
    assert not any(isinstance(form.fields[n].widget, QuickInput) for n in ("secret", "note", "tick"))
    assert str(form["q"]) == ('<input type="text" name="q" value="Nội &lt;chính&gt;" '
                              'class="form-control form-control-sm" id="id_q">')
    assert str(form["unit"]) == '<input type="hidden" name="unit" value="7" id="id_unit">'
    assert form["unit"].is_hidden and form["secret"].value() == "x" and 'value=' not in str(form["secret"])
