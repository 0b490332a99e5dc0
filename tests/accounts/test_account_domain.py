"""Who may give which role: nobody gives a role wider than their own reach, and a refusal writes nothing."""

import pytest
from django.core.exceptions import ValidationError

from thidua.accounts.domain import accounts, scope
from thidua.accounts.models import Role, RoleAssignment, User
from thidua.core.models import Activity

pytestmark = pytest.mark.django_db


def written():
    return User.objects.count(), RoleAssignment.objects.count(), Activity.objects.count()


def test_what_each_role_may_give(block):
    a, b, c = block["a"].pk, block["b"].pk, block["c"].pk
    org = block["org"].pk
    unit_roles = [Role.LEADER, Role.HEAD_STAFF, Role.UNIT_OFFICER]
    for role in unit_roles:
        assert scope.may_grant(block["admin"], role, unit_id=c)
        assert scope.may_grant(block["org_staff"], role, unit_id=a)
        assert scope.may_grant(block["org_staff"], role, unit_id=b)
        assert not scope.may_grant(block["org_staff"], role, unit_id=c)
        assert scope.may_grant(block["other_staff"], role, unit_id=c)
        assert not scope.may_grant(block["other_staff"], role, unit_id=a)
        assert not scope.may_grant(block["officer_a"], role, unit_id=b)
        assert not scope.may_grant(block["leader_a"], role, unit_id=a)
        assert not scope.may_grant(block["nobody"], role, unit_id=a)
    assert scope.may_grant(block["officer_a"], Role.LEADER, unit_id=a)
    assert scope.may_grant(block["officer_a"], Role.UNIT_OFFICER, unit_id=a)
    assert not scope.may_grant(block["officer_a"], Role.HEAD_STAFF, unit_id=a)  # it manages periods: wider
    assert scope.may_grant(block["admin"], Role.ORGANISER_STAFF, organiser_id=org)
    assert scope.may_grant(block["admin"], Role.ADMIN)
    for user in ("org_staff", "other_staff", "officer_a"):
        assert not scope.may_grant(block[user], Role.ORGANISER_STAFF, organiser_id=org), user
        assert not scope.may_grant(block[user], Role.ADMIN), user
    assert not scope.may_grant(block["admin"], Role.LEADER)  # a unit role needs its unit
    assert not scope.may_grant(block["admin"], Role.ORGANISER_STAFF, unit_id=a)


def test_head_unit_staff_give_their_own_role(block, make_user):
    head = make_user("truongkhoi.a", (Role.HEAD_STAFF, block["a"]))
    assert set(scope.roles_for_unit(head, block["a"].pk)) == {Role.LEADER, Role.HEAD_STAFF, Role.UNIT_OFFICER}
    assert scope.roles_for_unit(head, block["b"].pk) == []


@pytest.mark.parametrize("who, role, where", [
    ("officer_a", Role.HEAD_STAFF, "a"),       # beyond a unit officer's own reach
    ("officer_a", Role.LEADER, "b"),           # another unit
    ("org_staff", Role.LEADER, "c"),           # a unit of another organiser's cluster
    ("org_staff", Role.ORGANISER_STAFF, "org"),  # organisers' staff are the administrator's to create
    ("other_staff", Role.UNIT_OFFICER, "a"),
    ("leader_a", Role.LEADER, "a"),
    ("nobody", Role.LEADER, "a"),
])
def test_a_role_beyond_reach_is_refused_with_nothing_written(block, who, role, where):
    before = written()
    target = block[where]
    with pytest.raises(ValidationError, match="vượt quá phạm vi"):
        accounts.create_account(block[who], username="moi", full_name="Người Mới", role=role,
                                unit=target if where != "org" else None,
                                organiser=target if where == "org" else None)
    with pytest.raises(ValidationError):
        accounts.grant_role(block[who], block["target"], role, unit=target if where != "org" else None,
                            organiser=target if where == "org" else None)
    assert written() == before


def test_an_account_with_a_role_beyond_reach_is_not_managed_there(block):
    target = block["target"]
    accounts.grant_role(block["admin"], target, Role.LEADER, unit=block["c"])
    target = User.objects.get(pk=target.pk)
    assert scope.may_manage_account(block["admin"], target)
    assert not scope.may_manage_account(block["org_staff"], target)  # its role in C is another organiser's
    before = written()
    with pytest.raises(ValidationError, match="ngoài phạm vi"):
        accounts.set_active(block["org_staff"], target, False)
    assert written() == before
    # ...but the role within reach may still be withdrawn, and the account is then the organiser's again
    in_reach = target.role_assignments.get(unit=block["a"])
    assert scope.may_withdraw(block["org_staff"], in_reach)
    assert not scope.may_withdraw(block["org_staff"], target.role_assignments.get(unit=block["c"]))


def test_nobody_changes_their_own_account_or_an_administrators(block):
    officer = block["officer_a"]
    with pytest.raises(ValidationError):
        accounts.set_active(officer, officer, False)
    with pytest.raises(ValidationError):
        accounts.withdraw_role(officer, officer.role_assignments.get())
    admin_with_unit = User.objects.get(pk=block["admin"].pk)
    RoleAssignment.objects.create(user=admin_with_unit, role=Role.LEADER, unit=block["a"])
    assert not scope.may_manage_account(block["org_staff"], admin_with_unit)
    assert not scope.may_withdraw(block["officer_a"], admin_with_unit.role_assignments.get(role=Role.LEADER))


def test_the_last_role_is_not_withdrawn_but_the_account_locked(block):
    target = block["target"]
    with pytest.raises(ValidationError, match="khóa tài khoản"):
        accounts.withdraw_role(block["officer_a"], target.role_assignments.get())
    assert target.role_assignments.count() == 1


def test_a_person_is_linked_only_within_the_roles_unit_and_once(block):
    before = written()
    with pytest.raises(ValidationError, match="không thuộc đơn vị"):
        accounts.create_account(block["org_staff"], username="moi", full_name="Phạm Văn Bê", role=Role.LEADER,
                                unit=block["a"], person=block["person_b"])
    with pytest.raises(ValidationError, match="đã có tài khoản lanhdao.a"):
        accounts.create_account(block["officer_a"], username="moi", full_name="Trần Thị Thử", role=Role.LEADER,
                                unit=block["a"], person=block["person_a"])
    with pytest.raises(ValidationError, match="đã có người dùng"):
        accounts.create_account(block["officer_a"], username="LanhDao.A", full_name="X", role=Role.LEADER,
                                unit=block["a"])
    assert written() == before
    created = accounts.create_account(block["officer_a"], username="pho.a", full_name="Lê Văn Nghiệm",
                                      role=Role.LEADER, unit=block["a"], person=block["person_a2"])
    assert created.user.person == block["person_a2"] and created.user.must_change_password
    assert created.user.check_password(created.password) and len(created.password) == accounts.PASSWORD_LENGTH
    entry = Activity.objects.get(scope=f"account:{created.user.pk}")
    assert entry.actor == block["officer_a"] and entry.action == Activity.Action.CREATE
    assert "Lãnh đạo đơn vị (bỏ phiếu, ký) — Sở Thử Nghiệm A" in entry.summary


def test_a_change_and_its_log_entry_are_written_together(block, monkeypatch):
    from thidua.core import activity

    def broken(*args, **kwargs):
        raise RuntimeError("the log is down")

    monkeypatch.setattr(activity, "record", broken)
    target = block["target"]
    with pytest.raises(RuntimeError):
        accounts.grant_role(block["officer_a"], target, Role.UNIT_OFFICER, unit=block["a"])
    with pytest.raises(RuntimeError):
        accounts.set_active(block["officer_a"], target, False)
    with pytest.raises(RuntimeError):
        accounts.create_account(block["officer_a"], username="moi", full_name="Người Mới", role=Role.LEADER,
                                unit=block["a"])
    assert target.role_assignments.count() == 1 and User.objects.get(pk=target.pk).is_active
    assert not User.objects.filter(username="moi").exists()


def test_admin_role_makes_and_unmakes_a_system_administrator(block):
    target = block["target"]
    accounts.grant_role(block["admin"], target, Role.ADMIN)
    target = User.objects.get(pk=target.pk)
    assert target.is_superuser and target.is_system_admin
    accounts.withdraw_role(block["admin"], target.role_assignments.get(role=Role.ADMIN))
    target = User.objects.get(pk=target.pk)
    assert not target.is_superuser and not target.is_system_admin
