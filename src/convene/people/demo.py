"""Demo accounts: an organiser (staff) and a member, created only if missing.

Their passwords are printed in the demo log, never written anywhere else: they are for
trying Convene on one's own machine.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth import get_user_model

from convene.people.services import profile_ensure, profile_update


@dataclass(frozen=True)
class DemoAccount:
    username: str
    password: str
    staff: bool
    display_name: str
    timezone: str
    languages: tuple[str, ...]
    home_wiki: str
    affiliations: str


DEMO_ACCOUNTS = (
    DemoAccount(
        username="organiser",
        password="organiser-demo-pass",  # noqa: S106 (printed for local trials only)
        staff=True,
        display_name="Olu Organiser",
        timezone="Europe/London",
        languages=("en", "fr"),
        home_wiki="meta.wikimedia.org",
        affiliations="Movement Charter support staff",
    ),
    DemoAccount(
        username="member",
        password="member-demo-pass",  # noqa: S106 (printed for local trials only)
        staff=False,
        display_name="Mina Member",
        timezone="Asia/Dhaka",
        languages=("bn", "en"),
        home_wiki="bn.wikipedia.org",
        affiliations="Bangla Wikipedia community",
    ),
)


def load(*, log: Callable[[str], None]) -> None:
    user_model = get_user_model()
    for account in DEMO_ACCOUNTS:
        if user_model.objects.filter(username=account.username).exists():
            log(f"people: {account.username} exists, left as it is")
            continue
        user = user_model.objects.create_user(
            username=account.username,
            email=f"{account.username}@example.org",
            password=account.password,
            is_staff=account.staff,
        )
        profile_update(
            profile=profile_ensure(user=user),
            actor=user,
            display_name=account.display_name,
            timezone=account.timezone,
            languages=list(account.languages),
            home_wiki=account.home_wiki,
            affiliations=account.affiliations,
        )
        role = "staff account" if account.staff else "account"
        log(f"people: created {role} {account.username} (password: {account.password})")
