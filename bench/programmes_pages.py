"""Pages measured by `make bench` for programmes, on 1,000 accepted ambassadors and 5,000
grant proposals (bench/programmes_data.py): the ambassadors' directory (all, and by
language and region), the grants list, and their API lists."""

from typing import Any


def urls(context: dict[str, Any]) -> list[tuple[str, str]]:
    language, region = context["language"], context["region"]
    return [
        ("programmes_directory", "/programmes/"),
        ("programmes_directory_language", f"/programmes/?language={language}&region={region}"),
        ("programmes_grants", "/programmes/grants/"),
        ("programmes_api_ambassadors", f"/api/ambassadors?language={language}"),
        ("programmes_api_grants", "/api/grants"),
    ]
