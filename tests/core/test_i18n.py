"""Vietnamese first, an English locale kept complete: every message of the English catalogue is translated (none
empty, none fuzzy, the same placeholders) and compiled; pages follow the language a user chose (the
django_language cookie, set by the language switch) and stay Vietnamese otherwise, whatever the browser's
Accept-Language asks; official documents and
the activity log stay Vietnamese whatever the interface language."""

import ast
import gettext
import io
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

import thidua
from thidua.accounts.models import Role
from thidua.clusters.domain.periods import issues_before_transition, transition_phase
from thidua.clusters.enums import Phase
from thidua.core.documents import in_vietnamese
from thidua.core.models import Activity

CATALOGUE = Path(thidua.__file__).parent / "locale" / "en" / "LC_MESSAGES" / "django.po"
PLACEHOLDER = re.compile(r"%\(\w+\)s|%%")
TAG = re.compile(r"<[^>]+>")


@pytest.fixture(autouse=True)
def back_to_the_default_language():
    """A request in English leaves English active in this thread; the other tests expect Vietnamese."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


# ---- the catalogue ---------------------------------------------------------------------------------------------

def po_entries(path: Path) -> list[dict]:
    """The entries of a .po file: msgctxt, msgid, msgid_plural, the translated forms (msgstr, or msgstr[0],
    msgstr[1]… in order) and msgstr (the forms joined, for the emptiness check), flags."""
    entries, current, field = [], None, None
    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        if not line.strip() or (line.startswith("#") and current and current["msgstr"] is not None):
            if current and current["msgid"] is not None:
                entries.append(current)
            current, field = None, None
            if not line.strip():
                continue
        if current is None:
            current = {"msgid": None, "msgctxt": None, "msgid_plural": None, "msgstr": None, "forms": [],
                       "flags": set(), "obsolete": False}
        if line.startswith("#,"):
            current["flags"] |= {flag.strip() for flag in line[2:].split(",")}
        elif line.startswith("#~"):
            current["obsolete"] = True
        elif line.startswith("#"):
            continue
        else:
            field = _read_field(current, field, line)
    return entries


def _read_field(entry: dict, field: str | None, line: str) -> str | None:
    """One msgid/msgctxt/msgid_plural/msgstr line or its continuation into the entry; the field it wrote."""
    keyword, _space, rest = line.partition(" ")
    if line.startswith('"'):
        text = ast.literal_eval(line)
        if field == "msgstr":
            entry["forms"][-1] += text
            entry["msgstr"] += text
        elif field is not None:
            entry[field] += text
        return field
    if keyword in ("msgid", "msgctxt", "msgid_plural"):
        entry[keyword] = ast.literal_eval(rest)
        return keyword
    if keyword.startswith("msgstr"):
        text = ast.literal_eval(rest)
        entry["forms"].append(text)
        entry["msgstr"] = (entry["msgstr"] or "") + text
        return "msgstr"
    return field


def messages() -> list[dict]:
    return [e for e in po_entries(CATALOGUE) if e["msgid"] and not e["obsolete"]]


def test_the_english_catalogue_translates_every_message():
    entries = messages()
    assert len(entries) > 500
    header = next(e for e in po_entries(CATALOGUE) if e["msgid"] == "")
    assert "fuzzy" not in header["flags"] and "Language: en" in header["msgstr"]
    assert [e["msgid"] for e in entries if not e["msgstr"].strip()] == []
    assert [e["msgid"] for e in entries if "fuzzy" in e["flags"]] == []


def sources(entry: dict) -> list[str]:
    """What each translated form translates: msgid, or msgid then msgid_plural for the other forms."""
    if entry["msgid_plural"] is None:
        return [entry["msgid"]]
    return [entry["msgid"]] + [entry["msgid_plural"]] * (len(entry["forms"]) - 1)


def test_translations_keep_the_placeholders_and_markup():
    wrong = [(source, form) for e in messages() for source, form in zip(sources(e), e["forms"], strict=True)
             if sorted(PLACEHOLDER.findall(source)) != sorted(PLACEHOLDER.findall(form))
             or sorted(TAG.findall(source)) != sorted(TAG.findall(form))]
    assert wrong == []


def test_the_compiled_catalogue_is_up_to_date():
    with open(CATALOGUE.with_suffix(".mo"), "rb") as compiled:
        catalogue = gettext.GNUTranslations(compiled)

    def compiled_forms(e):
        if e["msgid_plural"] is None:
            if e["msgctxt"] is None:
                return [catalogue.gettext(e["msgid"])]
            return [catalogue.pgettext(e["msgctxt"], e["msgid"])]
        counts = (1, 2)  # English: msgstr[0] for one, msgstr[1] for the others
        if e["msgctxt"] is None:
            return [catalogue.ngettext(e["msgid"], e["msgid_plural"], n) for n in counts]
        return [catalogue.npgettext(e["msgctxt"], e["msgid"], e["msgid_plural"], n) for n in counts]

    stale = [e["msgid"] for e in messages() if compiled_forms(e) != e["forms"]]
    assert stale == [], "run `thidua compilemessages` after editing the .po file"


def test_settings_offer_vietnamese_first_and_english():
    assert settings.LANGUAGE_CODE == "vi"
    assert [code for code, _name in settings.LANGUAGES] == ["vi", "en"]
    # the language is the user's choice (the cookie) or Vietnamese: never the browser's Accept-Language
    assert "thidua.core.language.ChosenLanguage" in settings.MIDDLEWARE
    assert "django.middleware.locale.LocaleMiddleware" not in settings.MIDDLEWARE


# ---- pages ---------------------------------------------------------------------------------------------------

@pytest.fixture
def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def page(client, url, **params) -> str:
    response = client.get(url, params)
    assert response.status_code == 200, url
    return response.content.decode()


@pytest.mark.django_db
def test_vietnamese_is_the_default(client):
    html = page(client, reverse("login"))
    assert "Đăng nhập ThiĐua" in html and "Tên đăng nhập" in html and "Mật khẩu" in html
    assert "Log in to ThiĐua" not in html


@pytest.mark.django_db
def test_the_login_page_in_english_from_the_language_cookie(english):
    html = page(english, reverse("login"))
    assert "Log in to ThiĐua" in html and "Username" in html and "Password" in html
    assert "Tên đăng nhập" not in html


ENGLISH_BROWSER = {"accept-language": "en-US,en;q=0.9"}


@pytest.mark.django_db
def test_an_english_browser_still_gets_vietnamese(client, make_user):
    """Most officers' computers run an English Windows: the login page and the pages after it stay Vietnamese."""
    response = client.get(reverse("login"), headers=ENGLISH_BROWSER)
    html = response.content.decode()
    assert "Đăng nhập ThiĐua" in html and "Log in to ThiĐua" not in html
    assert response["Content-Language"] == "vi"
    client.force_login(make_user("can-bo-tieng-anh"))
    html = client.get(reverse("clusters:cluster_list"), headers=ENGLISH_BROWSER).content.decode()
    assert "Tên cụm, khối" in html and "Cluster or block name" not in html


@pytest.mark.django_db
def test_english_only_by_choice_and_remembered(client, make_user, settings):
    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("login")},
                           headers=ENGLISH_BROWSER)
    assert response.status_code == 302 and client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert "Log in to ThiĐua" in client.get(reverse("login")).content.decode()
    client.force_login(make_user("nguoi-chon-tieng-anh"))
    assert "Cluster or block name" in client.get(reverse("clusters:cluster_list")).content.decode()
    # back to Vietnamese by the same switch, whatever the browser asks
    client.post(reverse("set_language"), {"language": "vi", "next": reverse("login")}, headers=ENGLISH_BROWSER)
    assert "Tên cụm, khối" in client.get(reverse("clusters:cluster_list"), headers=ENGLISH_BROWSER).content.decode()


@pytest.mark.django_db
def test_an_unknown_language_in_the_cookie_is_vietnamese(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    assert "Đăng nhập ThiĐua" in client.get(reverse("login"), headers=ENGLISH_BROWSER).content.decode()


@pytest.mark.django_db
def test_a_wrong_password_is_explained_in_english(english, make_user):
    make_user("nguoi-dung")
    html = english.post(reverse("login"), {"username": "nguoi-dung", "password": "sai"}).content.decode()
    assert "Wrong username or password." in html


@pytest.mark.django_db
def test_not_found_in_english_and_in_vietnamese(client):
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404 and "Không tìm thấy" in response.content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    assert "Not found" in response.content.decode() and "Không tìm thấy" not in response.content.decode()


@pytest.fixture
def officer(s1, make_user):
    return make_user("can-bo", (Role.UNIT_OFFICER, s1["units"]["ca"]))


@pytest.mark.django_db
def test_the_cluster_list_in_english(english, officer, s1):
    english.force_login(officer)
    html = page(english, reverse("clusters:cluster_list"), year=2024)
    for header in ("Cluster or block name", "Organising body", "Province or city", "Members 2024",
                   "Head of the cluster or block 2024", "Deputy head of the cluster or block 2024"):
        assert header in html, header
    assert "Export to Excel" in html and "Clear filters" in html
    assert s1["cluster"].name in html  # the records stay as they are
    assert "Emulation block" in html  # and their choices are labelled in English
    table = english.get(reverse("clusters:cluster_list"), {"year": 2024}).context["table"]
    assert [str(c.header) for c in table.columns][:3] == ["Cluster or block name", "Kind", "Organising body"]


@pytest.mark.django_db
def test_the_cluster_list_headers_in_vietnamese(client, officer, s1):
    client.force_login(officer)
    html = page(client, reverse("clusters:cluster_list"), year=2024)
    assert "Tên cụm, khối" in html and "Trưởng cụm, khối 2024" in html and "Xuất Excel" in html


@pytest.mark.django_db
def test_the_pages_of_a_cluster_year_in_english(english, s1_year, make_user):
    year = s1_year["year_2023"]
    period, units = year["period"], s1_year["units"]
    english.force_login(make_user("truong-khoi", (Role.HEAD_STAFF, units["tand"])))
    html = page(english, reverse("screens:period_year", args=[period.pk]))
    assert "Emulation year 2023" in html and "Emulation covenant 2023" in html
    # the year of a block names its head and deputy in a block's words, in English
    assert "Block head and deputy head units for 2023" in html
    assert "Block head unit" in html and "Deputy block head unit" in html
    assert "Head unit" not in html and "Khối trưởng" not in html and "Khối phó" not in html
    html = page(english, reverse("movements:covenant", args=[period.pk]))
    assert "Units that have signed (7/7)" in html and "Signed by all" in html
    html = page(english, reverse("scoring:ranking", args=[period.pk]))
    assert "Scoring and ranking results 2023" in html and "Final score" in html
    html = page(english, reverse("scoring:sheet", args=[period.pk, units["ca"].pk]))
    assert "Self-assessment" in html and "Appraisal" in html
    for url in (reverse("clusters:period_detail", args=[period.pk]), reverse("scoring:criteria", args=[period.pk]),
                reverse("scoring:sheet_list", args=[period.pk]), reverse("scoring:peer", args=[period.pk]),
                reverse("movements:registrations", args=[period.pk]), reverse("movements:movement_list"),
                s1_year["cluster"].get_absolute_url(), units["tand"].get_absolute_url(), reverse("orgs:unit_list"),
                reverse("home")):
        html = page(english, url)
        assert '<html lang="' in html


@pytest.mark.django_db
def test_the_awards_registry_and_proposals_in_english(english, s1, make_user):
    english.force_login(make_user("so-nv", (Role.ORGANISER_STAFF, s1["organiser"])))
    html = page(english, reverse("awards:registry"))
    assert "Awards registry" in html and "Name of the person or collective awarded" in html
    assert "Sổ khen thưởng" not in html
    table = english.get(reverse("awards:registry")).context["table"]
    assert [str(c.header) for c in table.columns][:3] == ["Person or collective awarded", "Title or form of award",
                                                          "Year"]
    html = page(english, reverse("dossiers:proposal_list"))
    assert "Award proposal dossiers" in html and "Proposing unit" in html and "Sent to" in html
    assert "Hồ sơ đề nghị khen thưởng" not in html
    english.force_login(make_user("can-bo-tand", (Role.UNIT_OFFICER, s1["units"]["tand"])))
    html = page(english, reverse("dossiers:proposal_create"))
    assert "Draft a submission proposing awards" in html and "Sending channel" in html


@pytest.mark.django_db
def test_the_voting_and_figures_pages_in_english(english, s1_year, make_user):
    period, units = s1_year["year_2023"]["period"], s1_year["units"]
    english.force_login(make_user("truong-khoi", (Role.HEAD_STAFF, units["tand"])))
    html = page(english, reverse("voting:session_list", args=[period.pk]))
    assert "Review, acclamation and election of the block head and deputy head units 2023" in html
    assert "Bình xét, suy tôn, bầu" not in html and "khối trưởng" not in html.lower()
    assert "Voting session" in html and "Create a voting session" in html
    assert "Award proposals from the review results 2023" in html and "Bỏ phiếu kín" not in html
    html = page(english, reverse("voting:index"))
    assert "Secret ballot" in html and "Voting sessions" in html
    english.force_login(make_user("so-nv", (Role.ORGANISER_STAFF, s1_year["organiser"])))
    html = page(english, reverse("reports:cluster_figures", args=[period.pk]))
    assert "Award results 2023" in html and "Share of awards to direct workers" in html
    assert "Kết quả khen thưởng năm" not in html


@pytest.mark.django_db
def test_voting_refusals_follow_the_language(s1):
    from thidua.voting.domain.setup import check_rules

    with translation.override("en"):
        assert check_rules(1, 2, 2, 3, 0) == ["The maximum number of voting rounds must be at least 1."]
    assert check_rules(1, 2, 2, 3, 0) == ["Số vòng bỏ phiếu tối đa phải từ 1 trở lên."]


@pytest.mark.django_db
@pytest.mark.urls("tests.core.i18n_urls")
def test_the_language_switch_without_javascript(client):
    request = RequestFactory().get("/tai-khoan/dang-nhap/")
    html = render_to_string("_language_switch.html", request=request)
    assert 'action="/i18n/setlang/"' in html and 'name="csrfmiddlewaretoken"' in html
    assert ">Tiếng Việt</button>" in html and ">English</button>" in html
    assert 'name="next" value="/tai-khoan/dang-nhap/"' in html
    response = client.post("/i18n/setlang/", {"language": "en", "next": reverse("login")})
    assert response.status_code == 302 and response["Location"] == reverse("login")
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert "Log in to ThiĐua" in page(client, reverse("login"))
    client.post("/i18n/setlang/", {"language": "vi", "next": reverse("login")})
    assert "Đăng nhập ThiĐua" in page(client, reverse("login"))


# ---- messages of the domain, the log and the documents ------------------------------------------------------

@pytest.mark.django_db
def test_domain_messages_follow_the_language(s1):
    period = s1["cluster"].periods.get(year=2024)
    period.leadership_terms.all().delete()
    with translation.override("en"):
        assert issues_before_transition(period, Phase.REGISTRATION) == ["The emulation year has no block head unit yet."]
    assert "Năm thi đua chưa có đơn vị Khối trưởng." in issues_before_transition(period, Phase.REGISTRATION)


@pytest.mark.django_db
def test_the_activity_log_is_written_in_vietnamese(s1):
    period = s1["cluster"].periods.get(year=2024)
    with translation.override("en"):
        transition_phase(period, Phase.REGISTRATION)
    entry = Activity.objects.filter(action=Activity.Action.TRANSITION).latest("at")
    assert entry.summary == "Năm 2024: Thiết lập → Đăng ký thi đua"
    assert entry.changes == [{"field": "Giai đoạn", "old": "Thiết lập", "new": "Đăng ký thi đua"}]


def test_document_views_run_in_vietnamese():
    with translation.override("en"):
        assert in_vietnamese(lambda: translation.get_language())() == "vi"
        assert translation.get_language() == "en"


@pytest.mark.django_db
def test_official_documents_stay_vietnamese_for_an_english_reader(english, s1_year, make_user):
    period, ca = s1_year["year_2023"]["period"], s1_year["units"]["ca"]
    english.force_login(make_user("can-bo-ca", (Role.UNIT_OFFICER, ca)))
    response = english.get(reverse("scoring:sheet_xlsx", args=[period.pk, ca.pk]))
    assert response.status_code == 200
    cells = {c for row in load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True)
             for c in row if isinstance(c, str)}
    assert "Trạng thái phiếu: Đã khóa." in cells
    assert not any("Locked" in c for c in cells)
