"""Questions, votes, answers, follow-ups, moderation and the live board."""
