"""The English interface keeps the Vietnamese formats: the records are Vietnamese."""

from thidua.formats.vi.formats import *  # noqa: F403
