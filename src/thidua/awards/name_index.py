"""The index of the registry's distinct names (awards.AwardRecordName), kept filled by database triggers
(core/name_index.py says why and how).

Ten million award records carry some 170.000 distinct names: registry search finds the matching names in this
small table, then reads the records with those names from the index on (search_text, year) (core/search.py),
instead of intersecting a trigram index's posting lists of a third of the registry for "nguyen", "thi"."""

from thidua.core.name_index import NameIndex

RECORD_NAMES = NameIndex("awards", "awards_awardrecord", "awards_awardrecordname", ("search_text",),
                         "awards_record_names")
