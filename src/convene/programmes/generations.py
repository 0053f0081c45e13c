"""The generations (`convene.core.generations`) of what the programmes' cached page parts
show. The services bump them on every write that changes it."""

# The current round, the accepted ambassadors with their languages and regions.
AMBASSADORS = "programmes.ambassadors"
# The proposals (title, country, amount, state, hub), the programmes' reviewers and the
# reviewers' conflicts (who sees which).
GRANTS = "programmes.grants"
