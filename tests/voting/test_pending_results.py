"""What apply_results would still write (pending_results), as the results page shows it: a council's choice is
pending for a unit that leads a cluster until it is applied, and the queries do not grow with the winners (review
of issue 12, item 7)."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from thidua.accounts.models import Role
from thidua.awards.models import Award
from thidua.orgs.models import Person
from thidua.voting.domain import sessions as voting
from thidua.voting.enums import QuestionKind, SessionKind
from thidua.voting.models import Nomination

pytestmark = pytest.mark.django_db

MEETING = dt.date(2024, 1, 10)  # the council sits after the clusters' 2023 year-end


def council_choice(s1_year, *keys):
    """The provincial council's own session choosing units for the Government flag, tallied, not yet applied."""
    units = s1_year["units"]
    session = voting.create_session("Hội đồng xét đề nghị Cờ thi đua của Chính phủ", SessionKind.COUNCIL,
                                    electorate_kind="persons", council_name="Hội đồng Thi đua - Khen thưởng tỉnh "
                                    "Lạng Sơn", threshold_numerator=4, threshold_denominator=5,
                                    threshold_strict=False, quorum_numerator=2, quorum_denominator=3,
                                    held_on=MEETING)
    question = voting.add_question(session, QuestionKind.APPROVE, "Đề nghị Cờ thi đua của Chính phủ",
                                   award=Award.objects.get(code="co-cp"), max_choices=len(keys), seats=len(keys))
    candidates = [voting.add_candidate(question, unit=units[key]) for key in keys]
    voting.set_council(session, list(Person.objects.filter(unit=units["snv"]).order_by("pk")[:5]))
    session = voting.open_session(session)
    for voter in session.voters.all():
        voting.cast_ballot(session, voter, {question.pk: [c.pk for c in candidates]})
    voting.close_session(session)
    voting.tally_session(session)
    session.refresh_from_db()
    return session


def also_leads(s1_year, key):
    """The unit led the S1 block in 2023 too (a cluster's vote, as tand's)."""
    Nomination.objects.create(period=s1_year["cluster"].periods.get(year=2023), unit=s1_year["units"][key],
                              award_label="Cờ thi đua của UBND tỉnh", award=Award.objects.get(code="co-tinh"))


def test_a_councils_choice_is_pending_for_the_leading_units_until_applied(s1_year):
    also_leads(s1_year, "vks")
    units = s1_year["units"]
    session = council_choice(s1_year, "tand", "vks", "ca")
    assert voting.pending_results(session) == [f"Đề nghị Cờ thi đua của Chính phủ: {units['tand'].name}",
                                               f"Đề nghị Cờ thi đua của Chính phủ: {units['vks'].name}"]
    applied = voting.apply_results(session, decided_on=MEETING)
    assert {n.unit for n in applied["nominations"]} == {units["tand"], units["vks"]}
    assert applied["skipped"] == [units["ca"].name]  # leads no cluster: skipped, so nothing is pending for it
    assert voting.pending_results(session) == []


def test_the_queries_do_not_grow_with_the_winners(s1_year, make_user, client):
    also_leads(s1_year, "vks")
    client.force_login(make_user("quan-tri", (Role.ADMIN, None)))
    few = council_choice(s1_year, "tand")
    many = council_choice(s1_year, "tand", "vks", "ca", "thads")

    def queries(session):
        with CaptureQueriesContext(connection) as domain:
            pending = voting.pending_results(session)
        with CaptureQueriesContext(connection) as page:
            response = client.get(reverse("voting:results", args=[session.pk]))
        assert response.status_code == 200 and response.context["pending"] == pending
        return len(domain), len(page), len(pending)

    few_domain, few_page, few_pending = queries(few)
    many_domain, many_page, many_pending = queries(many)
    assert (few_pending, many_pending) == (1, 2)
    assert many_domain == few_domain
    assert many_page == few_page
