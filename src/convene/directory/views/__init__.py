"""HTML pages of the directory. Thin: parse, call a query or service, render."""

from convene.directory.views.coverage import (
    coverage,
    coverage_csv,
    coverage_shapes,
    suggest_communities,
    suggest_countries,
    suggest_organisations,
    timeline,
)
from convene.directory.views.editing import (
    community,
    community_edit,
    organisation_create,
    organisation_edit,
    proposals,
    propose,
)
from convene.directory.views.listing import index
from convene.directory.views.organisation import (
    decide,
    history,
    join,
    join_decide,
    membership_add,
    membership_remove,
    organisation,
    recognise,
    role_remove,
    role_set,
    stage_change,
)
from convene.directory.views.who_serves import who_serves

__all__ = [
    "community",
    "community_edit",
    "coverage",
    "coverage_csv",
    "coverage_shapes",
    "decide",
    "history",
    "index",
    "join",
    "join_decide",
    "membership_add",
    "membership_remove",
    "organisation",
    "organisation_create",
    "organisation_edit",
    "proposals",
    "propose",
    "recognise",
    "role_remove",
    "role_set",
    "stage_change",
    "suggest_communities",
    "suggest_countries",
    "suggest_organisations",
    "timeline",
    "who_serves",
]
