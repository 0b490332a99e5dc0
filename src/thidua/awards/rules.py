"""Who may read the award registry and who may import past awards into it.

- The registry of awards to units (collectives) is open to every logged-in user; awards to individuals are
  listed only for the people the user may see (awards.domain.queries.records_visible_to).
- A person's history: whoever may view the person (orgs.view_person).
- Importing past awards: system administrators, an organiser's staff, and a unit's emulation officers (for
  their own units only — the importer refuses rows of other units)."""

import rules

from thidua.accounts.rules import (
    is_logged_in,
    is_system_admin,
    organiser_of_persons_unit,
    works_for_persons_unit,
)


@rules.predicate
def may_import_some_unit(user):
    return user.is_authenticated and bool(user.officer_unit_ids or user.organiser_ids)


rules.add_perm("awards.view_registry", is_logged_in)
rules.add_perm("awards.view_unit_history", is_logged_in)
rules.add_perm("awards.view_person_history", is_system_admin | works_for_persons_unit | organiser_of_persons_unit)
rules.add_perm("awards.import_records", is_system_admin | may_import_some_unit)
