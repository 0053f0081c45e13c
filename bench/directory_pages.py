"""Pages measured by `make bench` for the directory: the list (plain and filtered), a hub
page, "who serves me", coverage by region and by language, the timeline, and the API."""

from typing import Any


def urls(context: dict[str, Any]) -> list[tuple[str, str]]:
    country, language, region = context["country"], context["language"], context["region"]
    return [
        ("directory", "/directory/"),
        ("directory_filtered", f"/directory/?kind=hub&region={region}&role=mentorship"),
        ("directory_search", "/directory/?q=hub+1"),
        ("hub", f"/directory/{context['hub_slug']}/"),
        ("who_serves", f"/directory/who-serves/?country={country}&language={language}"),
        ("coverage_region", "/directory/coverage/?by=region"),
        ("coverage_language", "/directory/coverage/?by=language"),
        ("coverage_csv", "/directory/coverage.csv?by=region"),
        ("timeline", "/directory/timeline/"),
        ("api_organisations", f"/api/organisations?country={country}"),
        # A full page at both sizes (50 hubs at this stage at 1x, 500 at 10x): with 100, the
        # 1x page held half the items of the 10x one, and page.api_hubs_10x said 1.8x.
        ("api_hubs", f"/api/hubs?stage={context['stage']}&limit=50"),
        ("api_who_serves", f"/api/who-serves?country={country}&language={language}"),
        ("api_coverage", "/api/coverage?by=region"),
    ]
