"""A block (khối) names its head and deputy "Khối trưởng" and "Khối phó", a cluster (cụm) "Trưởng cụm" and "Phó
trưởng cụm": one function (clusters.domain.words) gives the words, and every page and document that names the head
uses it. Tried on an invented block, not the demo's."""

import datetime as dt
import io
import re

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from docx import Document

from thidua.accounts.models import Role
from thidua.clusters.domain.periods import add_members, create_period, issues_before_transition, set_leader
from thidua.clusters.domain.words import kind_words, words_for_kinds
from thidua.clusters.enums import Phase
from thidua.core.documents import render_docx
from thidua.demo import builders as b
from thidua.scoring.documents import _base_context
from thidua.voting import documents as voting_documents
from thidua.voting.domain import sessions as voting
from thidua.voting.enums import SessionKind

pytestmark = pytest.mark.django_db
CLUSTER_WORDS = ("trưởng cụm", "phó cụm", "trưởng khối", "phó trưởng khối")
YEAR = dt.date.today().year  # the home page shows this year's clusters


def test_the_words_of_each_kind():
    block, cluster = kind_words("khoi"), kind_words("cum")
    assert (block.head, block.deputy, block.word, block.leaders) == ("Khối trưởng", "Khối phó", "khối",
                                                                     "Khối trưởng, Khối phó")
    assert (cluster.head, cluster.deputy, cluster.word) == ("Trưởng cụm", "Phó trưởng cụm", "cụm")
    assert block.role("head") == "Khối trưởng" and cluster.role("deputy") == "Phó trưởng cụm"
    assert words_for_kinds(["khoi", "khoi"]) == block
    assert words_for_kinds(["khoi", "cum"]).head == "Trưởng cụm, khối"


@pytest.fixture
def block(make_user):
    organiser = b.organiser("thu-ubnd-son-la", "Ủy ban nhân dân tỉnh Sơn La (thử)", "province", area_code="son-la")
    cluster = b.cluster("thu-khoi-kinh-te-sl", "Khối thi đua các cơ quan Kinh tế tỉnh Sơn La", organiser,
                        kind="khoi", area_code="son-la")
    period = create_period(cluster, YEAR - 1)
    head = b.unit("thu-so-tai-chinh-sl", "Sở Tài chính tỉnh Sơn La", area_code="son-la")
    deputy = b.unit("thu-so-xay-dung-sl", "Sở Xây dựng tỉnh Sơn La", area_code="son-la")
    member = b.unit("thu-so-cong-thuong-sl", "Sở Công Thương tỉnh Sơn La", area_code="son-la")
    add_members(period, [head, deputy, member])
    set_leader(period, "head", head, decided_on=dt.date(YEAR - 1, 1, 10))
    set_leader(period, "deputy", deputy)
    following = create_period(cluster, YEAR, copy_members_from=period)
    set_leader(following, "head", deputy)
    set_leader(following, "deputy", member)
    return {"cluster": cluster, "period": period, "following": following, "head": head, "deputy": deputy,
            "staff": make_user("so-noi-vu-sl", (Role.ORGANISER_STAFF, organiser)),
            "head_staff": make_user("can-bo-so-xay-dung", (Role.HEAD_STAFF, deputy))}  # this year's head


def no_cluster_words(html: str) -> None:
    text = re.sub(r"\s+", " ", html).lower()
    for words in CLUSTER_WORDS:
        at = text.find(words)
        assert at < 0, text[max(0, at - 200):at + 60]


def test_a_block_shows_its_own_words_on_its_pages(client, block):
    client.force_login(block["staff"])
    pages = {
        "cluster": block["cluster"].get_absolute_url() + f"?year={YEAR - 1}",
        "year": reverse("screens:period_year", args=[block["period"].pk]),
        "manage": reverse("clusters:period_detail", args=[block["period"].pk]),
        "list": reverse("clusters:cluster_list") + f"?kind=khoi&year={YEAR - 1}",
        "unit": block["head"].get_absolute_url(),
    }
    for name, url in pages.items():
        response = client.get(url)
        assert response.status_code == 200, name
        html = response.content.decode()
        assert "Khối trưởng" in html, name
        if name != "unit":
            assert "Khối phó" in html, name
        no_cluster_words(html)
    # the head and deputy chosen on the year's page are offered in the block's words
    form = client.get(pages["manage"]).context["leader_form"]
    assert [label for _value, label in form.fields["role"].choices][1:] == ["Khối trưởng", "Khối phó"]
    # the head unit's officers are told in the block's words too
    client.force_login(block["head_staff"])
    html = client.get(reverse("home")).content.decode()
    alert = html.split('id="managed-periods"')[1].split("</div>")[0]
    assert "Đơn vị của bạn là khối trưởng năm" in alert
    no_cluster_words(alert)


def test_a_block_is_told_what_it_lacks_in_its_own_words(block):
    block["period"].leadership_terms.all().delete()
    assert "Năm thi đua chưa có đơn vị Khối trưởng." in issues_before_transition(block["period"], Phase.REGISTRATION)
    set_leader(block["period"], "head", block["head"])
    entry = block["cluster"].periods.get(year=YEAR - 1)
    assert entry.leadership_terms.get(role="head").role_label == "Khối trưởng"


def test_a_cluster_keeps_the_cluster_words(client, make_user):
    organiser = b.organiser("thu-ubnd-dien-bien", "Ủy ban nhân dân tỉnh Điện Biên (thử)", "province",
                            area_code="dien-bien")
    cluster = b.cluster("thu-cum-dien-bien", "Cụm thi đua các huyện tỉnh Điện Biên", organiser, area_code="dien-bien")
    period = create_period(cluster, 2025)
    unit = b.unit("thu-huyen-muong-nhe", "Ủy ban nhân dân huyện Mường Nhé", area_code="dien-bien")
    add_members(period, [unit])
    set_leader(period, "head", unit)
    client.force_login(make_user("so-noi-vu-db", (Role.ORGANISER_STAFF, organiser)))
    html = client.get(cluster.get_absolute_url()).content.decode()
    assert "Trưởng cụm" in html and "Phó trưởng cụm" in html and "Khối trưởng" not in html


def test_documents_that_print_the_head_of_a_block(block):
    period = block["period"]
    # scoring: a unit's sheet and the ranking are signed by the head unit
    context = {**_base_context(period, dt.date(YEAR - 1, 12, 20)), "head_upper": "SỞ TÀI CHÍNH TỈNH SƠN LA"}
    for template in ("scoring/documents/sheet.html", "scoring/documents/ranking.html"):
        html = render_to_string(template, context)
        assert "Đơn vị Khối trưởng" in html, template
        no_cluster_words(html)
    # voting: the review meeting's minutes name the head and deputy, the rule names who breaks a tie
    session = voting.create_session(f"Bầu Khối trưởng, Khối phó năm {YEAR}", SessionKind.ELECTION, period=period)
    context = voting_documents.minutes_review_context(session)
    html = render_to_string("voting/documents/minutes_review.html", context)
    assert "Đơn vị Khối trưởng: Sở Tài chính tỉnh Sơn La; đơn vị Khối phó: Sở Xây dựng tỉnh Sơn La" in html
    assert context["signatures"][1]["subtitle"] == "ĐƠN VỊ KHỐI TRƯỞNG"
    no_cluster_words(html)
    document = Document(io.BytesIO(render_docx(voting_documents.DOCX_DIR / "minutes_review.docx", context)))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Đơn vị Khối trưởng: Sở Tài chính tỉnh Sơn La; đơn vị Khối phó: Sở Xây dựng tỉnh Sơn La" in text
    no_cluster_words(text)
    assert "sau vòng cuối khối trưởng, khối phó quyết định" in voting_documents.rule_sentence(session)
    context = voting_documents.minutes_count_context(session)
    assert context["leaders_label"] == "Khối trưởng, Khối phó"


def test_a_blocks_election_pages_name_its_head_and_deputy(client, block):
    from thidua.voting.enums import QuestionKind

    session = voting.create_session(f"Bầu năm {YEAR}", SessionKind.ELECTION, period=block["period"])
    voting.add_question(session, QuestionKind.ELECT_HEAD, f"Bầu đơn vị dẫn đầu năm {YEAR}")
    client.force_login(block["staff"])
    html = client.get(reverse("voting:session_list", args=[block["period"].pk])).content.decode()
    assert "Bình xét, suy tôn, bầu khối trưởng, khối phó năm" in html
    assert "Bầu khối trưởng, khối phó năm sau" in html
    no_cluster_words(html)
    response = client.get(reverse("voting:session_detail", args=[session.pk]))
    html = response.content.decode()
    assert "Bầu khối trưởng" in html
    assert [label for _value, label in response.context["question_form"].fields["kind"].choices][1:3] == [
        "Bầu khối trưởng", "Bầu khối phó"]
    no_cluster_words(html)
