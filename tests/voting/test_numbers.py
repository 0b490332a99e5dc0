"""Counts typed on the voting pages are whole numbers read the Vietnamese way: 1.003 is one thousand and three;
1,5 and 1.5 are refused with a message, and nothing is counted or saved."""

import html

import pytest
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.urls import reverse

from tests.voting import test_views
from tests.voting.test_views import build_session, cid
from thidua.voting.interfaces.forms import parse_counts
from thidua.voting.models import BallotSession, PaperCount, Question

pytestmark = pytest.mark.django_db
ctx = test_views.ctx  # S1's 2023 year with its members' leaders and the head's staff, a fixture here too

NOT_WHOLE = "không phải là số nguyên"


def page(response) -> str:
    return html.unescape(response.content.decode())


def test_paper_counts_are_read_as_whole_numbers(ctx):
    question = build_session(ctx, open_it=False)["flag"]
    tand = cid(question, ctx, "tand")
    assert parse_counts(QueryDict(f"ballots=1.003&invalid=&c{tand}=1.000"), question) == (1003, 0, {tand: 1000})
    assert parse_counts(QueryDict(f"ballots=12%C2%A0345&invalid=2&c{tand}=7"), question) == (12345, 2, {tand: 7})
    for typed in ("1,5", "1.5", "1.00"):
        with pytest.raises(ValidationError, match=NOT_WHOLE):
            parse_counts(QueryDict(f"ballots={typed}"), question)


def test_paper_counts_through_the_page(client, ctx):
    s = build_session(ctx)
    session, flag = s["session"], s["flag"]
    voters = {v.unit_id: v for v in session.voters.all()}
    client.force_login(ctx["head"])
    client.post(reverse("voting:paper_voters", args=[session.pk]),
                {"voters": [voters[ctx["units"][k].pk].pk for k in ("tand", "thads", "bchqs")]})
    url = reverse("voting:paper_counts", args=[session.pk, flag.pk])
    tand = f"c{cid(flag, ctx, 'tand')}"
    for typed, message in (("1,5", NOT_WHOLE), ("1.5", NOT_WHOLE),
                           ("1.003", "nhiều hơn số người bỏ phiếu giấy còn lại")):  # 1003 ballots, not 1
        response = client.post(url, {"ballots": typed, "invalid": "0", tand: "1"})
        assert response.status_code == 400 and message in page(response), typed
    assert not PaperCount.objects.exists()
    assert client.post(url, {"ballots": "2", "invalid": "1", tand: "2"}).status_code == 302
    count = PaperCount.objects.get()
    assert (count.ballots, count.invalid, count.votes) == (2, 1, {tand[1:]: 2})


def test_question_and_session_rules_are_whole_numbers(client, ctx):
    session = build_session(ctx, open_it=False)["session"]
    client.force_login(ctx["head"])
    add = {"kind": "nominate", "title": "Đề nghị tặng Giấy khen", "award_label": "Giấy khen", "seats": "1"}
    for typed in ("1,5", "1.5"):
        response = client.post(reverse("voting:question_add", args=[session.pk]), {**add, "max_choices": typed},
                               follow=True)
        assert NOT_WHOLE in page(response), typed
    assert not Question.objects.filter(title=add["title"]).exists()
    client.post(reverse("voting:question_add", args=[session.pk]), {**add, "max_choices": "2"})
    assert Question.objects.get(title=add["title"]).max_choices == 2

    rules = {"title": session.title, "regulation_ref": "", "threshold_numerator": "2", "threshold_denominator": "3",
             "threshold_basis": "all", "quorum_numerator": "1", "quorum_denominator": "2", "max_rounds": "2"}
    response = client.post(reverse("voting:session_rules", args=[session.pk]), {**rules, "max_rounds": "1.5"},
                           follow=True)
    assert NOT_WHOLE in page(response)
    assert BallotSession.objects.get(pk=session.pk).threshold_numerator == 1
    client.post(reverse("voting:session_rules", args=[session.pk]), rules)
    assert BallotSession.objects.get(pk=session.pk).threshold_numerator == 2
