"""The cooperation register: departments, partners, sectors, people, cooperations,
documents and the plan of action."""
