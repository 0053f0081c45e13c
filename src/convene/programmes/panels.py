"""What programmes adds to the directory's pages (convene.core.panels): the grants that
fund a hub on its page, a country's grant constraints on its "who serves me" answer."""

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from convene.directory.models import Kind, Organisation
from convene.directory.names import country_name, reader_language
from convene.programmes import queries
from convene.programmes.money import format_amount


def hub_grants(request: HttpRequest, subject: object) -> SafeString:
    """One query; nothing for an organisation that is not a hub or has no funded grant."""
    if not isinstance(subject, Organisation) or subject.kind != Kind.HUB:
        return SafeString("")
    language = reader_language()
    rows = [
        (proposal, format_amount(proposal.amount, proposal.currency, language))
        for proposal in queries.proposals_for_hub(subject.pk)
    ]
    if not rows:
        return SafeString("")
    return render_to_string(
        "programmes/_panel_hub_grants.html", {"hub": subject, "rows": rows}, request=request
    )


def country_constraints(request: HttpRequest, subject: object) -> SafeString:
    """One query; nothing for a country without constraints."""
    constraints = queries.constraints_for(subject if isinstance(subject, str) else None)
    if not constraints:
        return SafeString("")
    return render_to_string(
        "programmes/_panel_constraints.html",
        {
            "code": str(subject).upper(),
            "constraints": constraints,
            "country_label": country_name(str(subject).upper()),
        },
        request=request,
    )
