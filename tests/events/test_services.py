import datetime as dt
import threading

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command

from convene.core.errors import Conflict, Invalid, NotAllowed
from convene.events import services
from convene.events.models import Audience, Event, RegistrationStatus, Status
from convene.events.queries import is_organiser, link_visible, visible_link
from convene.people.models import Notice
from tests.events.conftest import START, make_person

pytestmark = pytest.mark.django_db

UTC = dt.UTC
SECOND = dt.timedelta(seconds=1)
T48 = START - dt.timedelta(hours=48)


def test_event_create_sets_release_48h_before_start(make_event):
    event = make_event()

    assert event.link_release_at == T48
    assert event.sort_start == START
    assert event.reminder_offsets == [2880, 60]


def test_event_create_refused_to_a_plain_person(reader):
    with pytest.raises(NotAllowed):
        services.event_create(
            actor=reader, title="x", when=services.When(starts_at=START, ends_at=START)
        )


def test_event_create_refuses_end_before_start(organiser):
    with pytest.raises(Invalid, match="end must be after"):
        services.event_create(
            actor=organiser,
            title="x",
            when=services.When(starts_at=START, ends_at=START - SECOND),
        )


def test_event_create_date_range_keeps_dates(organiser):
    event = services.event_create(
        actor=organiser,
        title="Hubs Dialogue",
        when=services.When(start_date=dt.date(2022, 2, 21), end_date=dt.date(2022, 3, 4)),
        timezone_name="Asia/Kathmandu",
    )

    event.refresh_from_db()
    assert (event.start_date, event.end_date) == (dt.date(2022, 2, 21), dt.date(2022, 3, 4))
    assert event.sort_end == dt.datetime(2022, 3, 5, tzinfo=UTC)
    assert event.link_release_at == dt.datetime(2022, 2, 18, 18, 15, tzinfo=UTC)


def test_is_organiser_for_creator_staff_and_not_others(make_event, reader):
    coordinator = make_person("coord")
    event = make_event(organisers_people=[coordinator])

    assert [is_organiser(u, event) for u in (coordinator, reader)] == [True, False]


def test_is_organiser_anonymous_is_never(make_event):
    event = make_event()

    assert (is_organiser(AnonymousUser(), event), is_organiser(None, event)) == (False, False)


def test_is_organiser_accepts_the_former_user_keyword(make_event, organiser):
    assert is_organiser(user=organiser, event=make_event()) is True


@pytest.mark.parametrize(
    ("audience", "registered", "offset", "expected"),
    [
        (Audience.EVERYONE, False, -SECOND, False),
        (Audience.EVERYONE, False, dt.timedelta(0), True),
        (Audience.EVERYONE, False, SECOND, True),
        (Audience.REGISTERED, False, SECOND, False),
        (Audience.REGISTERED, True, -SECOND, False),
        (Audience.REGISTERED, True, dt.timedelta(0), True),
        (Audience.REGISTERED, True, SECOND, True),
    ],
)
def test_link_visibility_at_t_minus_48h(  # noqa: PLR0917
    make_event, reader, clock, audience, registered, offset, expected
):
    clock.set(START - dt.timedelta(days=5))
    event = make_event(link_audience=audience)
    if registered:
        services.registration_register(actor=reader, event=event)
    clock.set(T48 + offset)

    assert (visible_link(event=event, viewer=reader) is not None) == expected


@pytest.mark.parametrize(
    ("offset", "expected"), [(-SECOND, None), (SECOND, "https://meet.example.org/ama")]
)
def test_link_visibility_signed_out_reader(make_event, clock, offset, expected):
    from django.contrib.auth.models import AnonymousUser

    event = make_event()
    clock.set(T48 + offset)

    assert visible_link(event=event, viewer=AnonymousUser()) == expected


def test_link_hidden_from_signed_out_reader_when_audience_is_registered(make_event, clock):
    from django.contrib.auth.models import AnonymousUser

    event = make_event(link_audience=Audience.REGISTERED)
    clock.set(T48 + SECOND)

    assert visible_link(event=event, viewer=AnonymousUser()) is None


def test_link_visible_to_organiser_before_release(make_event, organiser, clock):
    event = make_event()
    clock.set(T48 - dt.timedelta(days=1))

    assert link_visible(event=event, viewer=organiser, registration=None, organiser=True)


def test_release_tells_registrants_once_in_their_zone(
    make_event, reader, clock, mailoutbox, django_capture_on_commit_callbacks
):
    clock.set(START - dt.timedelta(days=5))
    event = make_event()
    services.registration_register(actor=reader, event=event)
    clock.set(T48 + dt.timedelta(minutes=30))  # the worker is late

    with django_capture_on_commit_callbacks(execute=True):
        first = services.links_release_due()
        second = services.links_release_due()

    assert (first, second) == (1, 0)
    notice = Notice.objects.get()
    assert notice.recipient == reader
    assert "Monday, June 10, 2030, 5:45\u202fPM" in notice.text
    assert "Asia/Kathmandu" in notice.text
    assert "https://meet.example.org/ama" in notice.text
    assert [m.to for m in mailoutbox] == [["reader@example.org"]]


def test_release_not_before_time(make_event, clock):
    event = make_event()
    clock.set(T48 - SECOND)

    assert services.event_release_link(event_id=event.pk) is False
    assert Event.objects.get(pk=event.pk).link_released_at is None


def test_release_by_worker_command_twice_is_once(make_event, reader, clock):
    clock.set(START - dt.timedelta(days=5))
    event = make_event()
    services.registration_register(actor=reader, event=event)
    clock.set(T48 + SECOND)

    call_command("worker", "--once")
    call_command("worker", "--once")

    assert (
        Notice.objects.filter(kind="events.link_released", url=f"/events/{event.pk}/").count() == 1
    )


def test_registration_waitlist_promoted_on_cancel(make_event, clock, mailoutbox):
    clock.set(START - dt.timedelta(days=5))
    event = make_event(capacity=1)
    first, second = make_person("first"), make_person("second", zone="America/St_Johns")
    one = services.registration_register(actor=first, event=event)
    two = services.registration_register(actor=second, event=event)

    services.registration_cancel(actor=first, registration=one)

    two.refresh_from_db()
    assert (one.status, two.status) == (RegistrationStatus.CANCELLED, RegistrationStatus.CONFIRMED)
    assert Notice.objects.get().recipient == second
    assert "(Canada (St. John\u2019s) Time · America/St_Johns · UTC" in Notice.objects.get().text


def test_registration_cancel_of_someone_else_refused(make_event, reader):
    event = make_event()
    other = make_person("other")
    registration = services.registration_register(actor=other, event=event)

    with pytest.raises(NotAllowed):
        services.registration_cancel(actor=reader, registration=registration)


def test_registration_refused_when_closed(make_event, reader, clock):
    event = make_event(registration_closes_at=START - dt.timedelta(hours=1))
    clock.set(START - dt.timedelta(minutes=30))

    with pytest.raises(Conflict, match="closed"):
        services.registration_register(actor=reader, event=event)


def test_registration_refused_before_opening(make_event, reader, clock):
    event = make_event(registration_opens_at=START - dt.timedelta(days=2))
    clock.set(START - dt.timedelta(days=3))

    with pytest.raises(Conflict, match="not opened"):
        services.registration_register(actor=reader, event=event)


def test_registration_twice_returns_the_same(make_event, reader):
    event = make_event()

    first = services.registration_register(actor=reader, event=event)
    again = services.registration_register(actor=reader, event=event)

    assert first.pk == again.pk


def test_cancel_event_tells_registrants_with_reason(
    make_event, organiser, reader, django_capture_on_commit_callbacks
):
    event = make_event()
    services.registration_register(actor=reader, event=event)

    with django_capture_on_commit_callbacks(execute=True):
        services.event_set_status(
            actor=organiser, event=event, status=Status.CANCELLED, reason="The speaker is ill."
        )

    notice = Notice.objects.get()
    assert notice.subject == "Cancelled: Ask Me Anything"
    assert "The speaker is ill." in notice.text
    assert Event.objects.get(pk=event.pk).sequence == 1


def test_cancel_event_without_reason_refused(make_event, organiser):
    with pytest.raises(Invalid, match="Say why"):
        services.event_set_status(actor=organiser, event=make_event(), status=Status.CANCELLED)


def test_reminders_sent_once_and_respect_opt_out(make_event, reader, clock):
    clock.set(START - dt.timedelta(days=5))
    event = make_event()
    quiet = make_person("quiet")
    services.registration_register(actor=reader, event=event)
    services.registration_register(actor=quiet, event=event)
    services.person_set_reminders(actor=quiet, enabled=False)
    clock.set(START - dt.timedelta(hours=47))

    counts = [services.reminders_send_due(), services.reminders_send_due()]
    clock.set(START - dt.timedelta(minutes=59))
    counts.append(services.reminders_send_due())

    assert counts == [1, 0, 1]
    assert [n.recipient.username for n in Notice.objects.order_by("id")] == ["reader", "reader"]


def test_event_update_moves_release_and_bumps_sequence(make_event, organiser):
    event = make_event()
    new_start = START + dt.timedelta(days=1)

    services.event_update(
        actor=organiser,
        event=event,
        when=services.When(starts_at=new_start, ends_at=new_start + dt.timedelta(hours=1)),
    )

    event.refresh_from_db()
    assert (event.link_release_at, event.sequence) == (new_start - dt.timedelta(hours=48), 1)


@pytest.mark.django_db(transaction=True)
def test_waitlist_promotion_under_two_simultaneous_cancellations(make_event, clock):
    clock.set(START - dt.timedelta(days=5))
    event = make_event(capacity=2)
    people = [make_person(f"p{i}") for i in range(4)]
    regs = [services.registration_register(actor=p, event=event) for p in people]
    barrier = threading.Barrier(2)
    errors = []

    def cancel(index):
        from django.db import connection

        try:
            barrier.wait()
            services.registration_cancel(actor=people[index], registration=regs[index])
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=cancel, args=(i,)) for i in (0, 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    statuses = [r.status for r in event.registrations.order_by("user__username")]
    assert errors == []
    assert statuses == ["cancelled", "cancelled", "confirmed", "confirmed"]


def test_event_factory_makes_a_timed_event():
    from tests.factories import EventFactory

    event = EventFactory()

    assert (event.ends_at - event.starts_at, event.link_release_at) == (
        dt.timedelta(hours=1),
        event.starts_at - dt.timedelta(hours=48),
    )


@pytest.mark.django_db(transaction=True)
def test_release_exactly_once_with_two_workers_at_once(make_event, reader, clock):
    clock.set(START - dt.timedelta(days=5))
    event = make_event()
    services.registration_register(actor=reader, event=event)
    clock.set(T48 + dt.timedelta(minutes=5))
    barrier = threading.Barrier(2)
    results, errors = [], []

    def worker():
        from django.db import connection

        try:
            barrier.wait()
            results.append(services.event_release_link(event_id=event.pk))
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert sorted(results) == [False, True]
    assert (
        Notice.objects.filter(kind="events.link_released", url=f"/events/{event.pk}/").count() == 1
    )


def test_release_skips_postponed_event_notices(
    make_event, reader, organiser, clock, django_capture_on_commit_callbacks
):
    clock.set(START - dt.timedelta(days=5))
    event = make_event()
    services.registration_register(actor=reader, event=event)
    with django_capture_on_commit_callbacks(execute=True):
        services.event_set_status(
            actor=organiser, event=event, status=Status.POSTPONED, reason="Later."
        )
    clock.set(T48 + SECOND)

    released = services.links_release_due()

    assert released == 1
    assert list(Notice.objects.values_list("subject", flat=True)) == ["Postponed: Ask Me Anything"]


def test_link_notice_counts_as_the_48h_reminder(make_event, reader, clock):
    clock.set(START - dt.timedelta(days=5))
    event = make_event()
    services.registration_register(actor=reader, event=event)
    clock.set(T48 + SECOND)

    call_command("worker", "--once")
    clock.set(START - dt.timedelta(minutes=30))
    call_command("worker", "--once")

    subjects = list(Notice.objects.order_by("id").values_list("subject", flat=True))
    assert subjects == ["Call link: Ask Me Anything", "Reminder: Ask Me Anything"]
