"""Pages measured by `make bench` for questions: the board (1,000 questions; its first
page and the next), the presenter view, the board snapshot's pages and the question list
of the API, similar questions."""

from typing import Any


def urls(context: dict[str, Any]) -> list[tuple[str, str]]:
    event_id = context["event_id"]
    return [
        ("qa_board", f"/questions/events/{event_id}/"),
        ("qa_board_newest", f"/questions/events/{event_id}/?sort=newest"),
        ("qa_board_page2", f"/questions/events/{event_id}/?page=2"),
        ("qa_presenter", f"/questions/events/{event_id}/presenter"),
        ("qa_similar", "/questions/similar?q=regional+meetup+grants+for+hubs"),
        ("api_board", f"/api/events/{event_id}/board"),
        ("api_board_page2", f"/api/events/{event_id}/board?offset=50"),
        ("api_questions", f"/api/events/{event_id}/questions?limit=50"),
    ]
