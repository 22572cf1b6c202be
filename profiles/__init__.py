"""Company profiles: the model, reading organisers' files, validation and vectors."""

from profiles.errors import OutputError, Problem, ProfileError, ScheduleError, SpeeddateError
from profiles.model import FIELDS, INTERESTS, Profile, index_by_id

__all__ = [
    "FIELDS",
    "INTERESTS",
    "OutputError",
    "Problem",
    "Profile",
    "ProfileError",
    "ScheduleError",
    "SpeeddateError",
    "index_by_id",
]
