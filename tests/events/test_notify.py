"""Registrants are told of a change by a background task: after commit, once each."""

import datetime as dt

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from convene.events import services
from convene.events.models import ChangeTold, Event, Status
from convene.people.models import Notice
from tests.events.conftest import START, make_person

pytestmark = pytest.mark.django_db


def _register(event, count):
    people = [make_person(f"person{index}", zone="America/St_Johns") for index in range(count)]
    for person in people:
        services.registration_register(actor=person, event=event)
    return people


def _move(organiser, event):
    later = START + dt.timedelta(days=1)
    services.event_update(
        actor=organiser,
        event=event,
        when=services.When(starts_at=later, ends_at=later + dt.timedelta(hours=1)),
    )


def test_event_move_tells_each_registrant_after_commit(
    make_event, organiser, django_capture_on_commit_callbacks, mailoutbox
):
    event = make_event()
    people = _register(event, 2)

    with django_capture_on_commit_callbacks(execute=True):
        _move(organiser, event)

    notices = Notice.objects.filter(kind="events.moved").order_by("recipient_id")
    assert [n.recipient_id for n in notices] == [p.pk for p in people]
    assert notices[0].subject == "New time: Ask Me Anything"
    assert len(mailoutbox) == 2


def test_event_move_rolled_back_sends_nothing(
    make_event, organiser, django_capture_on_commit_callbacks, mailoutbox
):
    event = make_event()
    _register(event, 2)

    def change_then_fail():
        with transaction.atomic():
            _move(organiser, event)
            raise RuntimeError("the write fails after the change")

    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(RuntimeError):
        change_then_fail()

    assert (callbacks, Notice.objects.count(), len(mailoutbox)) == ([], 0, 0)


def test_event_change_task_retried_tells_once(
    make_event, organiser, django_capture_on_commit_callbacks
):
    event = make_event()
    _register(event, 3)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.event_set_status(
            actor=organiser, event=event, status=Status.POSTPONED, reason="Later."
        )
    event.refresh_from_db()
    args = {
        "event_id": event.pk,
        "change": event.sequence,
        "kind": "status",
        "subject": "Postponed: %(title)s",
        "body": "%(title)s (%(when)s): %(reason)s",
        "values": {"reason": "Later."},
    }

    first = services.registrants_notice.call(**args)
    again = services.registrants_notice.call(**args)

    # the notice task, and the events' generation bumped again after the commit
    assert (len(callbacks), first, again) == (2, 3, 0)
    assert Notice.objects.filter(kind="events.status").count() == 3
    assert ChangeTold.objects.filter(event=event, change=event.sequence).count() == 3


def test_event_change_task_half_done_tells_the_rest(make_event, organiser):
    event = make_event()
    people = _register(event, 3)
    ChangeTold.objects.create(event=event, change=7, user=people[0], told_at=START)

    told = services.registrants_tell(
        event_id=event.pk, change=7, kind="moved", subject="x", body="y", values={}
    )

    assert told == 2
    assert sorted(Notice.objects.values_list("recipient_id", flat=True)) == [
        p.pk for p in people[1:]
    ]


def test_event_change_task_for_a_deleted_event_tells_no_one(make_event):
    event = make_event()
    event_id = event.pk
    Event.objects.filter(pk=event_id).delete()

    told = services.registrants_tell(
        event_id=event_id, change=1, kind="moved", subject="x", body="y", values={}
    )

    assert told == 0


def _edit_queries(client, organiser, event):
    client.force_login(organiser)
    url = reverse("events:edit", args=[event.pk])
    form = client.get(url).context["form"]
    data = {
        **{k: v for k, v in form.initial.items() if v is not None and not isinstance(v, list)},
        "starts_at_local": "2030-06-11T18:00",
        "ends_at_local": "2030-06-11T19:00",
        "all_day": "",
    }
    with CaptureQueriesContext(connection) as queries:
        response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return len(queries)


@pytest.mark.parametrize("count", [1, 5])
def test_event_edit_queries_do_not_grow_with_registrants(
    client, make_event, organiser, count, django_capture_on_commit_callbacks
):
    baseline_event = make_event(title="Baseline")
    _register(baseline_event, 1)
    event = make_event()
    for index in range(count):
        services.registration_register(actor=make_person(f"r{index}"), event=event)
    with django_capture_on_commit_callbacks(execute=False):
        baseline = _edit_queries(client, organiser, baseline_event)
        measured = _edit_queries(client, organiser, event)

    assert measured == baseline
