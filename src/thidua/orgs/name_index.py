"""The index of distinct person names (orgs.PersonName), kept filled by database triggers (core/name_index.py
says why and how).

People share few distinct names (3 million people, about 30.000 names in the generated national set), so person
search first finds the matching names in this small table and then reads the people with those sort keys from
the sort-key index, in order, stopping after a page (core/search.py). The functions below are those the orgs
migrations and the app's post_migrate handler call."""

from thidua.core.name_index import NameIndex

PERSON_TABLE = "orgs_person"
NAME_TABLE = "orgs_personname"

PEOPLE = NameIndex("orgs", PERSON_TABLE, NAME_TABLE, ("sort_key", "search_text"), "orgs_person_names",
                   new_rows="person_new_rows")
TRIGGER_INSERT, TRIGGER_UPDATE = PEOPLE.trigger_insert, PEOPLE.trigger_update


def resync(cursor, vendor: str) -> None:
    """Add the names of every person that are missing from the index."""
    PEOPLE.resync(cursor, vendor)


def ensure(using: str = "default") -> bool:
    """Create the triggers if missing (and then fill the index from the people table). True if it did."""
    return PEOPLE.ensure(using)


def drop(using: str = "default") -> None:
    PEOPLE.drop(using)


def after_migrate(sender, using="default", plan=None, **kwargs):
    """post_migrate: SQLite loses triggers when Django rebuilds orgs_person for a schema change."""
    PEOPLE.after_migrate(sender, using=using, plan=plan, **kwargs)
